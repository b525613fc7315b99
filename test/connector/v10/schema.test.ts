// FQL v10 mode, discover's types: the field types a collection's FSL schema declares type its
// schema and its data-field columns before (and without) a sample; computed fields, which v10
// returns in every document, are not data and get no column.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TimeStub, type Client } from 'fauna';
import { withEmulator } from '../../helpers/emulator.js';
import { configuredCatalog, discoverCatalog, readOk, records } from '../../helpers/sync.js';
import { advanceClock } from '../../emulator/v10/driver.js';
import { createV10Collection, fql, run, v10Client, v10Config } from './helpers.js';
import { typeValues } from '../../../src/source/v10/fsl-types.js';

describe('FQL v10: FSL field types and computed fields', () => {
  const server = withEmulator();
  let client: Client;

  before(async () => {
    client = v10Client(server);
    await createV10Collection(client, 'people');
    await run(
      client,
      fql`Collection.create({
      name: "typed",
      history_days: 7,
      fields: {
        name: { signature: "String" },
        total: { signature: "Double?" },
        count: { signature: "Int" },
        tags: { signature: "Array<String>" },
        when: { signature: "Time" },
        owner: { signature: "Ref<people>" },
        code: { signature: "String | Int" },
        extra: { signature: "Any" }
      },
      computed_fields: { doubled: { body: "doc => doc.count * 2" } }
    })`,
    );
    await run(client, fql`people.create({ id: "7", name: "Grace" })`);
    await run(
      client,
      fql`typed.create({ id: "1", name: "a", total: 1.5, count: 2, tags: ["x"], when: ${TimeStub.from('2024-01-02T03:04:05Z')}, owner: people.byId("7"), code: "c", extra: 1, free: true })`,
    );
  });
  after(() => client.close());

  test("the server returns the computed field in documents (so leaving it out is the connector's doing)", async () => {
    assert.equal(await run(client, fql`typed.byId("1")!.doubled`), 4);
  });

  test('declared types type the data-field columns, even with no sample', async () => {
    const config = v10Config(server, { name: 'typed', data_fields_as_columns: true }, { discover_sample_size: 0 });
    const [stream] = (await discoverCatalog(config)).streams;
    const properties = stream.json_schema.properties;
    assert.deepEqual(properties.name.type, ['null', 'string']);
    assert.deepEqual(properties.total.type, ['null', 'number']);
    assert.deepEqual(properties.count.type, ['null', 'integer']);
    assert.deepEqual(properties.tags.type, ['null', 'array']);
    assert.deepEqual(properties.tags.items, { type: 'string' });
    assert.equal(properties.when.format, 'date-time');
    assert.deepEqual(properties.owner.type, ['null', 'object']);
    assert.deepEqual(properties.code.type, ['null', 'integer', 'string']);
    assert.equal(properties.extra, undefined, 'Any is left to the sample');
    assert.equal(properties.free, undefined, 'a wildcard field is left to the sample');
    assert.equal(properties.doubled, undefined, 'a computed field gets no column');

    const result = await readOk({ config, catalog: configuredCatalog({ streams: [stream] }, 'full_refresh') });
    const [record] = records(result).map((r) => r.data);
    assert.equal(record.name, 'a');
    assert.equal(record.total, 1.5);
    assert.equal(record.when, '2024-01-02T03:04:05Z');
    assert.deepEqual(record.owner, { id: '7', collection: 'people', type: 'document' });
    assert.deepEqual(record.data, { extra: 1, free: true }, 'fields without a column stay in data; no computed field');
  });

  test('with a sample, the sampled wildcard fields join the declared ones; data never holds a computed field', async () => {
    const config = v10Config(server, { name: 'typed' });
    const [stream] = (await discoverCatalog(config)).streams;
    const data = stream.json_schema.properties.data;
    assert.deepEqual(Object.keys(data.properties).sort(), [
      'code',
      'count',
      'extra',
      'free',
      'name',
      'owner',
      'tags',
      'total',
      'when',
    ]);
    const result = await readOk({ config, catalog: configuredCatalog({ streams: [stream] }, 'full_refresh') });
    assert.equal(records(result)[0].data.data.doubled, undefined);
  });

  test('the sample is spread over the collection, not its first documents', async () => {
    await createV10Collection(client, 'spread');
    // Four runs of documents, each with a field of its own, a second apart: ids, which grow with
    // time, spread them evenly over the collection's id span.
    for (const field of ['q0', 'q1', 'q2', 'q3']) {
      advanceClock(server, 1_000_000);
      await run(client, fql`Set.sequence(0, 40).forEach(_ => spread.create(${{ [field]: 1 }}))`);
    }
    const config = v10Config(server, { name: 'spread' }, { discover_sample_size: 8 });
    const [stream] = (await discoverCatalog(config)).streams;
    assert.deepEqual(Object.keys(stream.json_schema.properties.data.properties).sort(), ['q0', 'q1', 'q2', 'q3']);
  });

  test('signatures: unions, optionals, arrays, objects, refs and literals', () => {
    assert.deepEqual(typeValues('Int?'), [0, null]);
    assert.deepEqual(typeValues('Array<String | Int>'), [['', 0]]);
    assert.deepEqual(typeValues('{ a: Int, b: Date? }'), [
      { a: 0, b: { '@date': '1970-01-01' } },
      { a: 0, b: null },
    ]);
    assert.deepEqual(typeValues('"on" | "off"'), ['on', 'off']);
    assert.equal(typeValues('Any'), undefined);
    assert.equal(typeValues('Int | Any'), undefined);
    assert.deepEqual(typeValues('people'), typeValues('Ref<people>'));
  });
});
