import { expect, it } from 'vitest';
import { readCsv } from '../../../import/csv/read-csv.ts';

const ROWS = 300_000;

/** A large companies file produced on the fly, in 64 KiB chunks like an S3 body: ~63 MB, never held whole. */
async function* largeFile(): AsyncGenerator<Uint8Array> {
  const header = 'Ragione sociale;Partita IVA;Indirizzo;CAP;Città;Telefono;Email;Note\r\n';
  let pending = header;
  for (let row = 1; row <= ROWS; row++) {
    pending += `"Società ${row} S.r.l.";IT${String(row).padStart(11, '0')};"Via Roma ${row}\r\nScala ${row % 7}";20121;Milano;02 ${row};info${row}@example.it;${'nota '.repeat(20)}\r\n`;
    if (pending.length >= 64 * 1024) {
      yield Buffer.from(pending, 'utf8');
      pending = '';
    }
  }
  if (pending) yield Buffer.from(pending, 'utf8');
}

const used = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

it('reads a few hundred thousand rows with flat memory (the file is ~63 MB, growth stays far below it)', async () => {
  let bytes = 0;
  let count = 0;
  let baseline = 0;
  let peak = 0;
  for await (const record of readCsv(largeFile(), {}).records) {
    count++;
    bytes = record.byteEnd;
    if (count === 20_000) baseline = used();
    if (count > 20_000 && count % 10_000 === 0) peak = Math.max(peak, used());
  }
  expect(count).toBe(ROWS);
  expect(bytes).toBeGreaterThan(60 * 1024 * 1024);
  // Holding the file (or the records) would grow by at least its size; garbage not yet collected
  // accounts for the slack.
  expect(peak - baseline).toBeLessThan(32 * 1024 * 1024);
});
