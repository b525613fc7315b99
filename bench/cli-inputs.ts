// What the bench's read rows share: the input files of a connector run (config, catalog, state)
// in a temporary folder, an in-process local server per latency, the exact record count check,
// and the printed table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { SECRET } from './bench-data.js';
import type { Measured } from './measure.js';

export type SyncMode = 'full_refresh' | 'incremental';

export class InputFiles {
  private readonly dir: string;
  private files = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Writes a JSON file; returns its path. */
  json(value: unknown): string {
    const path = join(this.dir, `${this.files++}.json`);
    writeFileSync(path, JSON.stringify(value));
    return path;
  }

  /** A configured catalog of the streams (a name, or a name in a namespace), all in one sync mode. */
  catalog(streams: (string | { name: string; namespace: string })[], mode: SyncMode): string {
    return this.json({
      streams: streams.map((stream) => ({
        stream: {
          ...(typeof stream === 'string' ? { name: stream } : stream),
          json_schema: { type: 'object' },
          supported_sync_modes: ['full_refresh', 'incremental'],
          source_defined_primary_key: [['ref']],
        },
        sync_mode: mode,
        destination_sync_mode: mode === 'incremental' ? 'append_dedup' : 'overwrite',
        ...(mode === 'incremental' && { cursor_field: ['ts'] }),
      })),
    });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const address = (emulator: RunningEmulator) => ({
  domain: emulator.host,
  port: emulator.port,
  scheme: 'http',
  secret: SECRET,
});

export function exact(m: Measured, expected: number, what: string): Measured {
  if (m.records !== expected) throw new Error(`${what}: expected ${expected} records, got ${m.records}`);
  return m;
}

export async function withServer<T>(latencyMs: number, body: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ port: 0, secret: SECRET, latencyMs });
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** The rows of a table, printed as they come and then all together, aligned, under `title`. */
export class Table {
  private readonly rows: string[][] = [];

  row(...cells: string[]): void {
    this.rows.push(cells);
    console.log(`  ${cells.join(' | ')}`);
  }

  print(title: string): void {
    console.log(`\n${title}`);
    const widths = this.rows[0]!.map((_, i) => Math.max(...this.rows.map((r) => r[i]!.length)));
    for (const r of this.rows)
      console.log(
        `  ${r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join(' | ')
          .trimEnd()}`,
      );
  }
}

export const seconds = (m: Measured) => `${m.seconds.toFixed(1)} s`;
export const rate = (m: Measured) => `${Math.round(m.records / m.seconds).toLocaleString('en-US')} rec/s`;
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
export const count = (n: number) => n.toLocaleString('en-US');
export const peakRss = (m: Measured) => `${((m.peakRssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`;
