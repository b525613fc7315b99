// A sync killed in the middle of a data file resumes there: the state names the file and the
// documents of it emitted, and the next read emits exactly the rest, in jsonl and in gzip json
// (an array cut into its elements as it streams).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnCli, type Message } from '../../helpers/cli.js';
import { configuredCatalog, discoverCatalog, readOk } from '../../helpers/sync.js';
import { archiveConfig, CORE_EXPORTS, recordsByStream } from './helpers.js';

for (const fixture of ['tagged-jsonl', 'tagged-json-gz']) {
  test(`${fixture}: killed after a checkpoint in the middle of a file, the next read emits exactly the rest`, async () => {
    // page_size 1: the first page, and its checkpoint, hold Customer's first document (then pages grow).
    const config = archiveConfig(join(CORE_EXPORTS, fixture));
    const catalog = configuredCatalog(await discoverCatalog(config), 'full_refresh', ['Customer']);
    const all = recordsByStream(await readOk({ config, catalog })).get('Customer')!;
    assert.equal(all.length, 5);

    const run = spawnCli(['read'], { config, catalog });
    const seen: Message[] = [];
    let state: any;
    run.onMessage((message) => {
      if (state !== undefined) return;
      seen.push(message);
      if (message.type === 'STATE' && message.state.stream.stream_state.position === 1) {
        state = message.state;
        run.child.kill('SIGKILL');
      }
    });
    await run.result;
    assert.ok(state, 'a checkpoint after the first document');
    assert.match(state.stream.stream_state.file, /Customer_00_000000\.json/);
    const before = seen.filter((m) => m.type === 'RECORD').map((m) => m.record.data);
    assert.equal(before.length, 1);

    const resumed = await readOk({ config, catalog, state: [state] });
    const rest = recordsByStream(resumed).get('Customer')!;
    assert.deepEqual(
      [...before, ...rest].map((r) => r.ref),
      all.map((r) => r.ref),
    );
    assert.ok(resumed.messages.some((m) => m.type === 'LOG' && /resuming in .*Customer_00_000000/.test(m.log.message)));
  });
}
