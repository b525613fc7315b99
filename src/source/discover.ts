import type { MessageWriter } from '../airbyte/writer.js';
import { parseConfig } from './config.js';
import { connect } from './connect.js';
import { airbyteStream } from './schema.js';
import { planStreams } from './streams/plan.js';

/** `discover`: one CATALOG message; any failure is thrown and becomes an ERROR trace. */
export async function discover(input: unknown, out: MessageWriter): Promise<number> {
  const config = parseConfig(input);
  const client = await connect(config.connection, out);
  try {
    const plans = await planStreams(client, config);
    await out.emit({ type: 'CATALOG', catalog: { streams: plans.map((plan) => airbyteStream(plan, config.settings)) } });
    return 0;
  } finally {
    await client.close();
  }
}
