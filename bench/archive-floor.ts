// The floor of reading an export archive: each gzip jsonl data file gunzipped as a stream, split
// into lines, each line parsed with JSON.parse and printed with one JSON.stringify. No decoding of
// tagged values, no Airbyte envelope, no state: what any reader of the archive must pay.
//
// usage: node archive-floor.js <data file>...
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: archive-floor <data file>...\n');
  process.exit(2);
}
for (const file of files) {
  let chunk = '';
  for await (const line of createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  })) {
    chunk += JSON.stringify(JSON.parse(line)) + '\n';
    if (chunk.length < 1 << 16) continue;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    chunk = '';
  }
  if (chunk !== '' && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
