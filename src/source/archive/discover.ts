// `discover` of an export archive: one stream per exported collection (one without documents
// too), `data` typed from the first documents of its files, as a live database is sampled, or by
// the collection's FSL types for a simple-format export given them (fsl-types.ts);
// incremental (cursor `ts`) only when the live database is named, whose feeds carry on from it
// (live.ts; not for credentials).
import type { MessageWriter } from '../../airbyte/writer.js';
import type { SourceConfig } from '../config.js';
import { Shape } from '../sampling/shape.js';
import { catalogStream } from '../schema.js';
import type { Archive, DataFile } from './archive.js';
import { wireConverter } from './convert.js';
import { entries } from './documents.js';
import { fslShape } from './fsl-types.js';
import { hasFeed, hasLiveDatabase } from './live.js';
import { open } from './open.js';

export async function discover(config: SourceConfig, out: MessageWriter): Promise<number> {
  const archive = await open(config.archive!, out);
  const streams = [];
  const live = hasLiveDatabase(config);
  try {
    for (const [name, files] of archive.files) {
      const shape = config.settings.dataColumn ? await typedShape(archive, name, files, config) : undefined;
      streams.push(catalogStream({ name, incremental: live && hasFeed(name), shape }, config.settings));
    }
  } finally {
    archive.store.close();
  }
  await out.emit({ type: 'CATALOG', catalog: { streams } });
  return 0;
}

/** The shape of a collection's data: by its FSL types when the archive has them (fsl-types.ts), else sampled. */
async function typedShape(
  archive: Archive,
  name: string,
  files: DataFile[],
  config: SourceConfig,
): Promise<Shape | undefined> {
  const schema = archive.schema?.get(name);
  if (schema === undefined) return dataShape(archive, files, config);
  // A collection that takes no undeclared field is typed by its FSL alone.
  return fslShape(schema, schema.type.wildcard === undefined ? undefined : await dataShape(archive, files, config));
}

/** The shape of the first `sampleSize` documents; undefined (data untyped) when there are none. */
async function dataShape(archive: Archive, files: DataFile[], config: SourceConfig): Promise<Shape | undefined> {
  let left = config.sampleSize;
  if (left === 0) return undefined;
  const shape = new Shape();
  for (const file of files) {
    const convert = wireConverter(archive, file, config.archive!.includeHashedPassword);
    for await (const batch of entries(archive, file)) {
      for (const entry of batch) {
        shape.add(convert(entry).data!);
        if (--left === 0) return shape;
      }
    }
  }
  return left === config.sampleSize ? undefined : shape;
}
