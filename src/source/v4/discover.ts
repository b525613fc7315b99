// `discover` in FQL v4 mode: the collections of the plan, each with its incremental index if it
// has one, and the shape of a sample of its documents.
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import type { FaunaClient } from '../../fauna/v4/client.js';
import { emitCatalog, type FoundStream } from '../schema.js';
import { connect } from './connect.js';
import { planStreams } from './plan.js';
import { sampleCollection } from './sample.js';

export async function discover(config: SourceConfig, out: MessageWriter): Promise<number> {
  return emitCatalog(await connect(config.connection, out), config, out, discoverStreams);
}

/** The streams of the key's database: incremental where the collection has an index. */
export async function discoverStreams(client: FaunaClient, config: SourceConfig): Promise<FoundStream[]> {
  const plans = await planStreams(client, config);
  // All collections at once: the client bounds the queries in flight, and a sample keeps only
  // its shape, so memory grows with the distinct fields, not with the documents read.
  const shapes =
    config.sampleSize === 0 || !config.settings.dataColumn
      ? plans.map(() => undefined)
      : await Promise.all(plans.map((plan) => sampleCollection(client, plan.name, config.sampleSize)));
  return plans.map((plan, i) => ({ name: plan.name, incremental: plan.index !== undefined, shape: shapes[i] }));
}
