// An archive in S3, read through the AWS SDK's client from a real S3-protocol server (moto):
// the prefix listed recursively at a depth the connector does not assume, data files streamed,
// the same records as from a folder; wrong keys and a missing bucket answered with what to
// change; a 503 now and then retried.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCli } from '../../helpers/cli.js';
import { projectPython } from '../../helpers/python.js';
import { flakyProxy, startS3, type S3Server } from '../../helpers/s3.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS, recordsByStream } from './helpers.js';

const python = projectPython('moto');
const FIXTURE = 'tagged-json-gz';

describe('an archive in S3', { skip: python === undefined && 'no python3 on this machine' }, () => {
  let s3: S3Server;

  before(async () => {
    s3 = await startS3(python!);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    await client.send(new CreateBucketCommand({ Bucket: 'exports' }));
    const root = join(CORE_EXPORTS, FIXTURE);
    for (const name of readdirSync(root, { recursive: true }) as string[]) {
      if (!name.startsWith('core_out') || !statSync(join(root, name)).isFile()) continue;
      // Under a prefix of the bucket's owner's choosing, as a Snapshot Export wrote it.
      const key = `fauna/nightly/${name.slice('core_out/'.length)}`;
      await client.send(new PutObjectCommand({ Bucket: 'exports', Key: key, Body: readFileSync(join(root, name)) }));
    }
    client.destroy();
  });
  after(() => s3?.close());

  const config = (endpoint: string, location = 's3://exports/fauna', keys: object = {}) =>
    archiveConfig(location, {
      s3: {
        endpoint,
        aws_access_key_id: s3.credentials.accessKeyId,
        aws_secret_access_key: s3.credentials.secretAccessKey,
        ...keys,
      },
    });

  test('reads the same records as from a folder, with a 503 now and then', async () => {
    const folder = archiveConfig(join(CORE_EXPORTS, FIXTURE));
    const catalog = configuredCatalog(await discoverCatalog(folder), 'full_refresh');
    const expected = recordsByStream(await readOk({ config: folder, catalog }));
    const proxy = await flakyProxy(s3.endpoint, 3);
    try {
      const fromS3 = config(proxy.endpoint);
      assert.deepEqual(configuredCatalog(await discoverCatalog(fromS3), 'full_refresh'), catalog);
      const records = recordsByStream(await readOk({ config: fromS3, catalog }));
      assert.deepEqual(Object.fromEntries(records), Object.fromEntries(expected));
      assert.ok(proxy.refused() > 0, 'some requests were answered 503');
    } finally {
      await proxy.close();
    }
  });

  test('wrong keys and a missing bucket: check says what to change, and never prints the secret key', async () => {
    const wrong = await runCli(['check'], {
      config: config(s3.endpoint, undefined, { aws_secret_access_key: 'not-the-secret-key' }),
    });
    const status = wrong.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus;
    assert.equal(status.status, 'FAILED');
    assert.match(
      status.message,
      /S3 refused to let the connector read s3:\/\/exports\/fauna\/ \(S3: SignatureDoesNotMatch/,
    );
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /not-the-secret-key/);
    const missing = await runCli(['check'], { config: config(s3.endpoint, 's3://no-such-bucket/x') });
    assert.match(
      missing.messages.find((m) => m.type === 'CONNECTION_STATUS').connectionStatus.message,
      /The bucket 'no-such-bucket' does not exist \(S3: NoSuchBucket/,
    );
  });
});
