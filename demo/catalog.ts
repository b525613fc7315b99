// What an Airbyte connection would configure from the discovered catalog, and the state it
// would keep between syncs.

export interface CatalogStream {
  name: string;
  supported: string[];
  syncMode: 'full_refresh' | 'incremental';
}

interface DiscoveredStream {
  name: string;
  supported_sync_modes: string[];
  [key: string]: unknown;
}

/** Incremental with deduplication on `ref` where the stream supports it, full refresh otherwise. */
export function configuredCatalog(catalog: { streams: DiscoveredStream[] }) {
  const streams: CatalogStream[] = catalog.streams.map((s) => ({
    name: s.name,
    supported: s.supported_sync_modes,
    syncMode: s.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh',
  }));
  const configured = {
    streams: catalog.streams.map((stream, i) =>
      streams[i].syncMode === 'incremental'
        ? {
            stream,
            sync_mode: 'incremental',
            destination_sync_mode: 'append_dedup',
            cursor_field: ['ts'],
            primary_key: [['ref']],
          }
        : { stream, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' },
    ),
  };
  return { streams, configured };
}

/** The platform keeps the latest STATE of each stream and hands them back as an array. */
export function lastStates(messages: Array<Record<string, any>>): unknown[] {
  const latest = new Map<string, unknown>();
  for (const m of messages) {
    if (m.type === 'STATE' && m.state.type === 'STREAM') {
      const { stream, type } = m.state;
      latest.set(stream.stream_descriptor.name, { type, stream });
    }
  }
  return [...latest.values()];
}
