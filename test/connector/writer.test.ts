// The stdout writer honours back-pressure and loses nothing at close.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { configSecrets } from '../../src/source/config.js';
import { MessageWriter } from '../../src/airbyte/writer.js';

/** A pipe whose reader is slow: a small buffer, each chunk acknowledged after a delay. */
function slowPipe(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      setTimeout(done, 2);
    },
  });
  return { stream, text: () => chunks.join('') };
}

test('records are held back while the pipe is full, and everything arrives in order at close', async () => {
  const pipe = slowPipe();
  const out = new MessageWriter(pipe.stream);
  const line = (i: number): string =>
    `{"type":"RECORD","record":{"stream":"s","data":{"i":${i},"pad":"${'x'.repeat(500)}"},"emitted_at":1}}\n`;
  let waits = 0;
  for (let i = 0; i < 400; i++) {
    if (!out.record(line(i))) {
      waits++;
      await out.ready();
      assert.equal(pipe.stream.writableNeedDrain, false, 'ready() resolves once the pipe drained');
    }
  }
  assert.ok(waits > 0, 'a full pipe made the producer wait');
  await out.emit({
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: 's' }, stream_state: { n: 400 } },
      sourceStats: { recordCount: 400 },
    },
  });
  await out.close();
  const lines = pipe.text().trimEnd().split('\n');
  assert.equal(lines.length, 401);
  assert.deepEqual(
    lines.slice(0, 400).map((l) => JSON.parse(l).record.data.i),
    [...Array(400).keys()],
  );
  assert.equal(JSON.parse(lines[400]!).type, 'STATE');
});

test('messages other than records go out at once, with the secret masked', async () => {
  const pipe = slowPipe();
  const out = new MessageWriter(pipe.stream);
  out.redact('s3cret-value');
  out.record('{"type":"RECORD","record":{"stream":"s","data":{"note":"s3cret-value"},"emitted_at":1}}\n');
  assert.ok(pipe.stream.writableLength === 0 && pipe.text() === '', 'records are batched');
  await out.emit({ type: 'LOG', log: { level: 'ERROR', message: 'Fauna rejected s3cret-value' } });
  assert.ok(pipe.stream.writableLength > 0 || pipe.text() !== '', 'emit flushed the batch and itself');
  await out.close();
  const [record, log] = pipe
    .text()
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(record.record.data.note, 's3cret-value', "document contents are the user's data, left as they are");
  assert.equal(log.log.message, 'Fauna rejected **********');
});

test('a secret with characters JSON escapes is masked too', async () => {
  const pipe = slowPipe();
  const out = new MessageWriter(pipe.stream);
  const secret = 'fn"quoted\\slash\u00e9';
  out.redact(secret);
  await out.emit({ type: 'LOG', log: { level: 'ERROR', message: `rejected ${secret}` } });
  await out.close();
  assert.equal(JSON.parse(pipe.text()).log.message, 'rejected **********');
});

test('every secret of a config is masked: Fauna secret, SSH key (whole, \\n-escaped, or one line), password, TLS key', async () => {
  const sshKey =
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----\n';
  const config = {
    secret: 'fnSecret',
    tls: {
      client_key: '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----',
      client_key_password: 'key-pass',
    },
    tunnel_method: {
      tunnel_method: 'SSH_PASSWORD_AUTH',
      ssh_key: sshKey.replaceAll('\n', '\\n'),
      tunnel_user_password: 'ssh-pass',
    },
  };
  const pipe = slowPipe();
  const out = new MessageWriter(pipe.stream);
  out.redact(...configSecrets(config));
  const leaks = [
    'fnSecret',
    'key-pass',
    'ssh-pass',
    sshKey,
    sshKey.trim(),
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
    config.tls.client_key,
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49',
  ];
  for (const leak of leaks) await out.emit({ type: 'LOG', log: { level: 'ERROR', message: `got ${leak}` } });
  await out.close();
  const messages = pipe
    .text()
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l).log.message);
  assert.deepEqual(
    messages,
    leaks.map(() => 'got **********'),
  );
});

test('many messages waiting on a full pipe share one wait for it to drain', async () => {
  const pipe = slowPipe();
  const out = new MessageWriter(pipe.stream);
  const warnings: Error[] = [];
  const warned = (warning: Error) => warnings.push(warning);
  process.on('warning', warned);
  try {
    const line = (i: number) => ({
      type: 'LOG' as const,
      log: { level: 'INFO' as const, message: `${i} ${'x'.repeat(500)}` },
    });
    const waits = Array.from({ length: 40 }, (_, i) => out.emit(line(i)));
    assert.ok(pipe.stream.listenerCount('drain') <= 1, `${pipe.stream.listenerCount('drain')} drain listeners`);
    await Promise.all(waits);
    await out.close();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', warned);
  }
  assert.deepEqual(warnings, []);
  assert.equal(pipe.text().trimEnd().split('\n').length, 40);
});
