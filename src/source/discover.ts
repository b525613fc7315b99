import type { MessageWriter } from '../airbyte/writer.js';
import { parseConfig } from './config.js';
import { connect } from './connect.js';
import { sampleCollection } from './sampling/sample.js';
import { airbyteStream } from './schema.js';
import { planStreams } from './v4/plan.js';

/** `discover`: one CATALOG message; any failure is thrown and becomes an ERROR trace. */
export async function discover(input: unknown, out: MessageWriter): Promise<number> {
  const config = parseConfig(input);
  if (config.fqlVersion === '10') return (await import('./v10/discover.js')).discoverV10(config, out);
  const client = await connect(config.connection, out);
  try {
    const plans = await planStreams(client, config);
    // All collections at once: the client bounds the queries in flight, and a sample keeps only
    // its shape, so memory grows with the distinct fields, not with the documents read.
    const shapes = config.sampleSize === 0 || !config.settings.dataColumn
      ? plans.map(() => undefined)
      : await Promise.all(plans.map((plan) => sampleCollection(client, plan.name, config.sampleSize)));
    const streams = plans.map((plan, i) => airbyteStream(plan, config.settings, shapes[i]));
    await out.emit({ type: 'CATALOG', catalog: { streams } });
    return 0;
  } finally {
    await client.close();
  }
}
