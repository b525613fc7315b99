import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSPORTS, withEmulator } from '../../helpers/emulator.js';
import { bearer, rawRequest, type RawRequest } from '../../helpers/raw-http.js';

const METRIC_HEADERS = [
  'x-compute-ops',
  'x-byte-read-ops',
  'x-byte-write-ops',
  'x-query-time',
  'x-query-bytes-in',
  'x-query-bytes-out',
  'x-storage-bytes-read',
  'x-storage-bytes-write',
  'x-txn-retries',
];
const QUERY = '"hello"';

for (const transport of TRANSPORTS) {
  describe(`HTTP layer over ${transport}`, () => {
    const emulator = withEmulator();
    const send = (request: RawRequest) => rawRequest(emulator.url(), transport, request);
    const query = (headers: Record<string, string>, body = QUERY) =>
      send({ headers: { ...bearer('secret'), ...headers }, body });
    const errorOf = (text: string) =>
      (JSON.parse(text) as { errors: Array<{ code: string; description: string }> }).errors[0];

    test('GET /ping answers for the write scope by default, without auth', async () => {
      const res = await send({ method: 'GET', path: '/ping' });
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.text), { resource: 'Scope write is OK' });
      assert.equal(res.headers['content-type'], 'application/json;charset=utf-8');
      assert.match(res.headers['x-txn-time'] ?? '', /^\d+$/);
    });

    test('ping scopes and aliases, a timeout, a bad secret ignored, and HEAD', async () => {
      const scopes: Array<[string, string]> = [
        ['node', 'node'],
        ['read', 'read'],
        ['local', 'read'],
        ['global', 'write'],
        ['all', 'all'],
        ['other', 'node'],
      ];
      for (const [asked, answered] of scopes) {
        const res = await send({
          method: 'GET',
          path: `/ping?scope=${asked}&timeout=100`,
          headers: bearer('not-a-key'),
        });
        assert.deepEqual(JSON.parse(res.text), { resource: `Scope ${answered} is OK` });
      }
      const head = await send({ method: 'HEAD', path: '/ping' });
      assert.equal(head.status, 200);
      assert.equal(head.text, '');
      assert.equal(head.headers['content-length'], String(JSON.stringify({ resource: 'Scope write is OK' }).length));
    });

    test('unknown paths are 404 and wrong methods 405 with Allow', async () => {
      const missing = await send({ method: 'GET', path: '/collections/nope/1' });
      assert.equal(missing.status, 404);
      assert.deepEqual(errorOf(missing.text), { code: 'not found', description: 'Not Found' });

      const pingPost = await send({ method: 'POST', path: '/ping' });
      assert.equal(pingPost.status, 405);
      assert.equal(pingPost.headers.allow, 'GET');
      assert.deepEqual(errorOf(pingPost.text), { code: 'method not allowed', description: 'Allowed methods are GET.' });

      const put = await send({ method: 'PUT', path: '/', headers: bearer('secret'), body: QUERY });
      assert.equal(put.status, 405);
      assert.equal(put.headers.allow, 'POST');
    });

    test('a query without a secret is 401 with www-authenticate and no metric headers', async () => {
      for (const headers of [{}, { authorization: 'Token abc' }, bearer('wrong')]) {
        const res = await send({ headers, body: QUERY });
        assert.equal(res.status, 401);
        assert.deepEqual(errorOf(res.text), { code: 'unauthorized', description: 'Unauthorized' });
        assert.equal(res.headers['www-authenticate'], 'Basic realm="Unauthorized"');
        assert.match(res.headers['x-txn-time'] ?? '', /^\d+$/);
        for (const name of METRIC_HEADERS) assert.equal(res.headers[name], undefined, name);
      }
      const put = await send({ method: 'PUT', path: '/', body: QUERY });
      assert.equal(put.status, 401, 'authentication comes before the method check');
    });

    test('a query answers with the resource, x-txn-time and the nine metric headers', async () => {
      const res = await query({});
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.text), { resource: 'hello' });
      assert.equal(res.headers['content-type'], 'application/json;charset=utf-8');
      assert.match(res.headers['x-txn-time'] ?? '', /^\d{16}$/);
      for (const name of METRIC_HEADERS) assert.match(res.headers[name] ?? '', /^\d+$/, name);
      assert.equal(res.headers['x-query-bytes-in'], String(Buffer.byteLength(QUERY)));
      assert.equal(res.headers['x-query-bytes-out'], String(Buffer.byteLength(res.text)));
      if (transport === 'http2') {
        // Connection-specific headers are illegal in HTTP/2.
        for (const name of ['connection', 'keep-alive', 'transfer-encoding'])
          assert.equal(res.headers[name], undefined, name);
      }
    });

    test('a body over 8 MiB is refused with 413, the next query served', async () => {
      const res = await query({}, `"${'x'.repeat(9 * 1024 * 1024)}"`);
      assert.equal(res.status, 413);
      assert.deepEqual(errorOf(res.text), { code: 'request too large', description: 'Request entity is too large.' });
      assert.equal((await query({})).status, 200);
    });

    test('/linearized runs queries too', async () => {
      const res = await send({ path: '/linearized', headers: bearer('secret'), body: QUERY });
      assert.deepEqual(JSON.parse(res.text), { resource: 'hello' });
    });

    test('Basic auth carries the secret as the user name, with or without the colon', async () => {
      for (const credentials of ['secret:', 'secret']) {
        const res = await query({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });
        assert.equal(res.status, 200, credentials);
      }
      const wrong = await query({ authorization: `Basic ${Buffer.from('nope:').toString('base64')}` });
      assert.equal(wrong.status, 401);
    });

    test('traceparent keeps a valid trace id and is generated otherwise', async () => {
      const sent = '00-750efa5fb6a131eb2cf4db39f28366cb-5669e71839eca76b-01';
      const echoed = (await query({ traceparent: sent })).headers.traceparent ?? '';
      assert.match(echoed, /^00-750efa5fb6a131eb2cf4db39f28366cb-[\da-f]{16}-01$/);
      for (const headers of [{ traceparent: 'invalidTraceparent' }, {}] as Array<Record<string, string>>) {
        const generated = (await query(headers)).headers.traceparent ?? '';
        assert.match(generated, /^00-[\da-f]{32}-[\da-f]{16}-00$/);
      }
    });

    test('x-fauna-tags are echoed in reverse order and validated', async () => {
      assert.equal((await query({ 'x-fauna-tags': 'foo=Foo1,bar=Bar2' })).headers['x-fauna-tags'], 'bar=Bar2,foo=Foo1');
      const invalid: Array<[string, string]> = [
        ['invalidTagFormat', 'invalid tags'],
        ['a=b,', 'invalid tags'],
        ['a-b=c', 'invalid tags'],
        [`${'k'.repeat(41)}=v`, 'invalid key'],
        [`k=${'v'.repeat(81)}`, 'invalid value'],
        ['a=1,b=2,a=3', 'duplicate key'],
        [Array.from({ length: 26 }, (_, i) => `k${i}=v`).join(','), 'too many tags'],
      ];
      for (const [tags, problem] of invalid) {
        const res = await query({ 'x-fauna-tags': tags });
        assert.equal(res.status, 400, tags);
        assert.deepEqual(errorOf(res.text), {
          code: 'bad request',
          description: `Invalid header 'x-fauna-tags': ${problem}`,
        });
        assert.match(res.headers['x-compute-ops'] ?? '', /^\d+$/, '400s carry the metric headers');
      }
    });

    test('x-query-timeout, x-last-seen-txn and the API version are validated', async () => {
      assert.equal(
        (
          await query({
            'x-query-timeout': '5000',
            'x-last-seen-txn': '1700000000000000',
            'x-faunadb-api-version': '4',
          })
        ).status,
        200,
      );
      const invalid: Array<[Record<string, string>, string]> = [
        [{ 'x-query-timeout': '0' }, "Invalid header 'x-query-timeout': Must be greater than 0."],
        [{ 'x-query-timeout': '600001' }, "Invalid header 'x-query-timeout': Must be less than or equal to 600000."],
        [{ 'x-query-timeout': 'soon' }, "Invalid header 'x-query-timeout': Invalid number 'soon'."],
        [{ 'x-last-seen-txn': 'yesterday' }, "Invalid header 'x-last-seen-txn': Invalid timestamp 'yesterday'."],
        [
          { 'x-faunadb-api-version': '9' },
          "Invalid header 'x-faunadb-api-version': Unsupported or invalid API version '9'.",
        ],
      ];
      for (const [headers, description] of invalid) {
        const res = await query(headers);
        assert.equal(res.status, 400);
        assert.deepEqual(errorOf(res.text), { code: 'bad request', description });
      }
    });
  });
}

describe('one port', () => {
  const emulator = withEmulator();
  test('serves HTTP/1.1 and HTTP/2 alike', async () => {
    for (const transport of TRANSPORTS) {
      const res = await rawRequest(emulator.url(), transport, { method: 'GET', path: '/ping' });
      assert.equal(res.status, 200, transport);
    }
  });
});
