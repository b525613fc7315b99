// An export archive in S3 (where a hosted Snapshot Export went): the prefix listed recursively,
// each data file streamed from a GetObject. The AWS SDK's client retries what S3 answers as
// transient (503 Slow Down, 500, throttling) with its standard backoff, up to maxAttempts.
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3Location } from '../config.js';
import { ArchiveError, type ArchiveStore, type StoredFile } from './store.js';

export function s3Store(location: S3Location): ArchiveStore {
  const { bucket } = location;
  const prefix = location.prefix === '' || location.prefix.endsWith('/') ? location.prefix : `${location.prefix}/`;
  const where = `s3://${bucket}/${prefix}`;
  const client = new S3Client({
    region: location.region,
    maxAttempts: location.maxAttempts,
    ...(location.credentials !== undefined && { credentials: location.credentials }),
    ...(location.endpoint !== undefined && { endpoint: location.endpoint, forcePathStyle: true }),
  });
  const send = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw s3Problem(error, what, bucket) ?? error;
    }
  };
  const get = (name: string) =>
    send(`s3://${bucket}/${prefix}${name}`, () =>
      client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + name })),
    );
  return {
    where,
    list: async () => {
      const files: StoredFile[] = [];
      let token: string | undefined;
      do {
        const page = await send(where, () =>
          client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) files.push({ name: object.Key.slice(prefix.length), size: object.Size ?? 0 });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return files;
    },
    open: async (name) => (await get(name)).Body as Readable,
    text: async (name) => (await get(name)).Body!.transformToString(),
    close: () => client.destroy(),
  };
}

/** What the user must change for an S3 answer, or undefined when it is not theirs to fix. */
function s3Problem(error: unknown, what: string, bucket: string): ArchiveError | undefined {
  if (!(error instanceof S3ServiceException)) return undefined;
  const said = `S3: ${error.name}${error.message ? `, ${error.message}` : ''}`;
  if (error.name === 'NoSuchBucket') {
    return new ArchiveError(
      `The bucket '${bucket}' does not exist (${said}): check export_archive.location and its region`,
    );
  }
  if (
    error.$metadata.httpStatusCode === 403 ||
    /InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied/.test(error.name)
  ) {
    return new ArchiveError(
      `S3 refused to let the connector read ${what} (${said}): check export_archive.s3's access key and secret, ` +
        'and that they may s3:ListBucket and s3:GetObject in the bucket',
    );
  }
  return undefined;
}
