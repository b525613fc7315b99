// The data files of one part, written under core_tmp and moved to core_out only once the whole part
// is written (fauna/faunadb `ext/model/src/main/scala/tasks/export/{FilesManager,Outfile}.scala`).
// A collection's file is cut once it holds at least the soft limit of uncompressed bytes,
// delimiters included, so a file overshoots by at most one document; a collection without
// documents gets no file and no directory.
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DatafileFormat } from './request.js';

const gzipAsync = promisify(gzip);

/** The core's soft limit per data file: 128 MiB before compression. */
export const SOFT_LIMIT_BYTES = 128 * 1024 * 1024;

// The JDK's GZIPOutputStream writes OS 255 ("unknown") in the header; zlib writes the host's.
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNKNOWN = 0xff;

export interface DatafileOptions {
  tmpDir: string;
  format: DatafileFormat;
  compression: boolean;
  ext: string;
  /** Part number, `%02d` in file names. */
  part: number;
  softLimitBytes: number;
}

interface Committed {
  collection: string;
  tmpPath: string;
  name: string;
}

export class Datafiles {
  private readonly committed: Committed[] = [];
  private lines: string[] = [];
  private bytes = 0;
  private collection = '';
  private ordinal = 0;

  constructor(private readonly options: DatafileOptions) {}

  /** Starts the files of another collection; the previous one's last file is written first. */
  async startCollection(name: string): Promise<void> {
    await this.flush();
    this.collection = name;
    this.ordinal = 0;
  }

  async add(line: string): Promise<void> {
    // One delimiter per line: the newline of jsonl, or the comma or bracket of a json array.
    this.bytes += Buffer.byteLength(line) + 1;
    this.lines.push(line);
    if (this.bytes + (this.options.format === 'json' ? 1 : 0) >= this.options.softLimitBytes) await this.flush();
  }

  /** Writes what is pending, then moves every file to `outDir`; returns their on-disk sizes. */
  async moveTo(outDir: string): Promise<number[]> {
    await this.flush();
    const sizes: number[] = [];
    for (const file of this.committed) {
      const dir = join(outDir, 'data', 'collections', file.collection);
      await mkdir(dir, { recursive: true });
      const target = join(dir, file.name);
      await rename(file.tmpPath, target);
      sizes.push((await stat(target)).size);
    }
    return sizes;
  }

  private async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const { format, compression, part, ext, tmpDir } = this.options;
    const text = format === 'jsonl' ? `${this.lines.join('\n')}\n` : `[${this.lines.join(',')}]`;
    this.lines = [];
    this.bytes = 0;
    let content = Buffer.from(text, 'utf8');
    if (compression) {
      content = await gzipAsync(content, { level: 6 });
      content[GZIP_OS_OFFSET] = GZIP_OS_UNKNOWN;
    }
    const ordinal = String(this.ordinal++).padStart(6, '0');
    const dir = join(tmpDir, 'data', 'collections', this.collection);
    await mkdir(dir, { recursive: true });
    const tmpPath = join(dir, `${ordinal}_tmp.out`);
    await writeFile(tmpPath, content);
    const done = join(dir, `${ordinal}.out`);
    await rename(tmpPath, done);
    const name = `${this.collection}_${String(part).padStart(2, '0')}_${ordinal}.${ext}`;
    this.committed.push({ collection: this.collection, tmpPath: done, name });
  }
}
