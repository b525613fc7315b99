// The exact bytes of `/query/1` (docs/local-server-v10.md, "Answers" and "Values"): tagged and
// simple encodings, template and argument decoding, header and body validation, and the three error
// shapes. Raw HTTP, since a driver would hide the JSON.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { withEmulator } from '../../helpers/emulator.js';
import { post } from './driver.js';

describe('v10 wire format of /query/1', () => {
  const server = withEmulator();
  const query = (q: unknown, headers: Record<string, string> = {}, args?: unknown) =>
    post(
      server,
      '/query/1',
      JSON.stringify(args === undefined ? { query: q } : { query: q, arguments: args }),
      headers,
    );

  before(async () => {
    await query('Collection.create({ name: "Orders" })');
  });

  test('numbers are tagged by magnitude and doubles printed as Java does', async () => {
    const { status, json } = await query('[1, -2147483648, 2147483648, 9007199254740993, 1.5, 1.0, 1e20, 0.0001]');
    assert.equal(status, 200);
    assert.deepEqual(json.data, [
      { '@int': '1' },
      { '@int': '-2147483648' },
      { '@long': '2147483648' },
      { '@long': '9007199254740993' },
      { '@double': '1.5' },
      { '@double': '1.0' },
      { '@double': '1.0E20' },
      { '@double': '1.0E-4' },
    ]);
    const simple = await query('[1, 2147483648, 1.5, 1.0]', { 'x-format': 'simple', 'x-typecheck': 'false' });
    assert.equal(simple.text.slice(0, simple.text.indexOf(',"summary"')), '{"data":[1,2147483648,1.5,1.0]');
  });

  test('times are printed as Java prints an Instant, across days, seconds and fraction digits', async () => {
    const texts = [
      '2024-02-29T13:05:09Z',
      '2024-02-29T13:05:10.5Z',
      '2024-02-29T23:59:59.000001Z',
      '2024-03-01T00:00:00.123456789Z',
      '1969-12-31T23:59:59.999999Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
    ];
    const { json } = await query(`[${texts.map((t) => `Time(${JSON.stringify(t)})`).join(', ')}]`);
    assert.deepEqual(json.data, [
      { '@time': '2024-02-29T13:05:09Z' },
      { '@time': '2024-02-29T13:05:10.500Z' },
      { '@time': '2024-02-29T23:59:59.000001Z' },
      { '@time': '2024-03-01T00:00:00.123456789Z' },
      { '@time': '1969-12-31T23:59:59.999999Z' },
      { '@time': '0001-01-01T00:00:00Z' },
      { '@time': '9999-12-31T23:59:59.999Z' },
    ]);
  });

  test('an object with a key starting with @ is wrapped in @object, one level only', async () => {
    const { json } = await query('{ "@a": { "@b": 1 }, c: { d: "e" } }');
    assert.deepEqual(json.data, { '@object': { '@a': { '@object': { '@b': { '@int': '1' } } }, c: { d: 'e' } } });
  });

  test('documents: id, coll, ts, user fields, then data for special names; refs inside, null docs with cause', async () => {
    // Writing `data` takes an untypechecked query, as on the core (see the typecheck tests).
    const created = await query('Orders.create({ total: 5, data: { ts: "mine" }, other: Orders.byId("1") })', {
      'x-typecheck': 'false',
    });
    const doc = created.json.data['@doc'];
    assert.deepEqual(Object.keys(doc), ['id', 'coll', 'ts', 'total', 'other', 'data']);
    assert.match(doc.id, /^\d+$/);
    assert.deepEqual(doc.coll, { '@mod': 'Orders' });
    assert.match(doc.ts['@time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6})?Z$/);
    assert.deepEqual(doc.total, { '@int': '5' });
    // Inside a document's fields a missing document is a bare ref, as the core answers: only a
    // document at the top of the answer is looked up.
    assert.deepEqual(doc.other, { '@ref': { id: '1', coll: { '@mod': 'Orders' } } });
    assert.deepEqual(doc.data, { ts: 'mine' });
    const missing = await query('Orders.byId("1")');
    assert.deepEqual(missing.json.data, {
      '@ref': { id: '1', coll: { '@mod': 'Orders' }, exists: false, cause: 'not found' },
    });
    const simple = await query(`Orders.byId("${doc.id}")`, { 'x-format': 'simple' });
    assert.deepEqual(simple.json.data, {
      id: doc.id,
      coll: 'Orders',
      ts: doc.ts['@time'],
      total: 5,
      other: { id: '1', coll: 'Orders' },
      data: { ts: 'mine' },
    });
  });

  test('a stored ref to a deleted document stays a bare ref, at any depth, as the core answers', async () => {
    const gone = await query('Orders.create({ n: 0 })');
    const id = gone.json.data['@doc'].id;
    const created = await query(`Orders.create({ to: Orders.byId("${id}"), deep: [{ to: Orders.byId("${id}") }] })`);
    await query(`Orders.byId("${id}")!.delete()`);
    const { json } = await query(`Orders.byId("${created.json.data['@doc'].id}")`);
    const ref = { '@ref': { id, coll: { '@mod': 'Orders' } } };
    assert.deepEqual([json.data['@doc'].to, json.data['@doc'].deep], [ref, [{ to: ref }]]);
  });

  test('a set at the top is its first page; `after` is absent on the last page', async () => {
    await query('[1, 2, 3].forEach(n => Orders.create({ n: n }))');
    const first = await query('Orders.where(.n != null).pageSize(2)');
    const page = first.json.data['@set'];
    assert.equal(page.data.length, 2);
    assert.equal(typeof page.after, 'string');
    const rest = await query('Set.paginate(c)', {}, { c: page.after });
    assert.deepEqual(
      Object.keys(rest.json.data),
      ['data'],
      'Set.paginate answers a plain object without `after` at the end',
    );
    assert.equal(rest.json.data.data.length, 1);
  });

  test('templates: value nodes, collapsed arrays and objects, nested fql parenthesized', async () => {
    const { json } = await query({
      fql: [
        '[',
        { value: { '@int': '2' } },
        ' * ',
        { fql: ['1 + ', { value: { '@int': '2' } }] },
        ', ',
        { object: { a: { fql: ['1 + 1'] }, b: { value: 'x' } } },
        ', ',
        { array: [{ value: { '@int': '1' } }, { value: { '@object': { '@k': 'v' } } }] },
        ']',
      ],
    });
    // Raw nested fql is spliced as text (2 * 1 + 2), while inside an object it is wrapped: (1 + 1).
    assert.deepEqual(json.data, [
      { '@int': '4' },
      { a: { '@int': '2' }, b: 'x' },
      [{ '@int': '1' }, { '@object': { '@k': 'v' } }],
    ]);
  });

  test('arguments follow x-format: tagged refuses bare numbers, simple takes them', async () => {
    const tagged = await query('x + 1', {}, { x: 1 });
    assert.equal(tagged.status, 400);
    assert.deepEqual(tagged.json, {
      error: { code: 'invalid_request', message: "Invalid argument 'x': numbers must be tagged" },
    });
    const simple = await query('x + 1', { 'x-format': 'simple' }, { x: 1 });
    assert.equal(simple.json.data, 2);
    const typed = await query(
      '[t.year, d, b, r]',
      {},
      {
        t: { '@time': '2024-10-01T00:00:00Z' },
        d: { '@date': '2024-01-31' },
        b: { '@bytes': 'AQID' },
        r: { '@mod': 'Orders' },
      },
    );
    assert.deepEqual(typed.json.data, [
      { '@int': '2024' },
      { '@date': '2024-01-31' },
      { '@bytes': 'AQID' },
      { '@mod': 'Orders' },
    ]);
  });

  test('protocol errors carry only {code, message}', async () => {
    const noBody = await post(server, '/query/1', '');
    assert.deepEqual(noBody.json, {
      error: { code: 'invalid_request', message: 'Invalid request body: No request body provided' },
    });
    const noQuery = await post(server, '/query/1', '{}');
    assert.deepEqual(noQuery.json, {
      error: { code: 'invalid_request', message: 'Invalid request body: Value for key query not found.' },
    });
    const badNode = await query({ fql: [{ value: 1, fql: [] }] });
    assert.equal(badNode.json.error.code, 'invalid_request');
    const format = await query('1', { 'x-format': 'foo' });
    assert.deepEqual(format.json, {
      error: { code: 'invalid_request', message: "Invalid header 'x-format': Invalid format foo" },
    });
    const retries = await query('1', { 'x-max-contention-retries': '8' });
    assert.deepEqual(retries.json, {
      error: {
        code: 'invalid_request',
        message: "Invalid header 'x-max-contention-retries': Must be between 0 and 7.",
      },
    });
    const tags = await query('1', { 'x-query-tags': 'a=b=c' });
    assert.deepEqual(tags.json, {
      error: { code: 'invalid_request', message: "Invalid header 'x-query-tags': invalid tags" },
    });
    const anonymous = await post(server, '/query/1', '{"query":"1"}', { authorization: '' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    assert.deepEqual(anonymous.json, { error: { code: 'unauthorized', message: 'Access token required' } });
    // A secret that authenticates nobody gets the same text, as the core answers: the query
    // endpoint has one 401 whatever its cause; the feed endpoint has its own.
    const unknown = await post(server, '/query/1', '{"query":"1"}', { authorization: 'Bearer nope' });
    assert.deepEqual([unknown.status, unknown.json], [401, anonymous.json]);
    const feed = await post(server, '/feed/1', '{"token":"x"}', { authorization: 'Bearer nope' });
    assert.equal(feed.headers.get('www-authenticate'), null);
    assert.deepEqual(
      [feed.status, feed.json],
      [401, { error: { code: 'unauthorized', message: 'Invalid token, unable to authenticate request' } }],
    );
  });

  test('query errors carry summary, txn_ts, stats and schema_version; abort in the request format', async () => {
    const { status, json } = await query('abort({ n: 1 })', { 'x-query-tags': 'job=x' });
    assert.equal(status, 400);
    assert.deepEqual(Object.keys(json), ['error', 'summary', 'txn_ts', 'stats', 'schema_version', 'query_tags']);
    assert.deepEqual(json.error.abort, { n: { '@int': '1' } });
    assert.equal(json.query_tags, 'job=x');
    assert.match(json.summary, /\n1 \| abort\(\{ n: 1 \}\)\n/);
    const simple = await query('abort({ n: 1 })', { 'x-format': 'simple' });
    assert.deepEqual(simple.json.error.abort, { n: 1 });
  });
});
