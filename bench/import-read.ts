/**
 * `node bench/import-read.ts`: the import's reading layer alone — CSV bytes → records → create bodies
 * (readCsv, resolveColumns, rowToInput) — over a generated Italian-style companies file (Windows-1252,
 * `;`, a quoted two-line address per row), streamed in 64 KiB chunks as an S3 body arrives. Reports
 * rows/s and peak RSS after 10k and after the full count (BENCH_IMPORT_ROWS, default 100k): the job's
 * writes come on top of this, and its memory must not grow with the file either. Run with
 * `node --expose-gc` to also print the live heap after a full collection at each checkpoint (RSS
 * alone includes heap V8 reserved and has not returned, so it can rise while nothing is retained).
 */
import iconv from 'iconv-lite';
import { readCsv } from '../import/csv/read-csv.ts';
import { resolveColumns } from '../import/mapping/columns.ts';
import { rowToInput } from '../import/mapping/row-to-input.ts';
import { envInt, fmtNum } from './stats.ts';

const rows = envInt('BENCH_IMPORT_ROWS', 100_000);
const checkpoints = [10_000, 100_000, rows];

async function* file(): AsyncGenerator<Uint8Array> {
  let pending = 'Codice;Ragione sociale;Partita IVA;Indirizzo;CAP;Città;Provincia;Telefono;Email;Etichette\r\n';
  for (let row = 1; row <= rows; row++) {
    const vat = String(10_000_000_000 + row).slice(-11);
    pending += `C${String(row).padStart(6, '0')};Società Ferrè ${row} S.r.l.;IT${vat};"Via Garibaldi ${row}\r\nScala ${row % 9}";20121;Milano;MI;02 ${1_000_000 + row};info${row}@ferre.example;"vip;nord"\r\n`;
    if (pending.length >= 64 * 1024) {
      yield iconv.encode(pending, 'windows-1252');
      pending = '';
    }
  }
  if (pending) yield iconv.encode(pending, 'windows-1252');
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${fmtNum(bytes / 1024 / 1024, 1)} MB`;

const csv = readCsv(file(), { encoding: 'windows-1252' });
const { header } = await csv.detected;
const resolved = resolveColumns('companies', header);
if (!resolved.ok) throw new Error(resolved.message);
const started = performance.now();
let count = 0;
let rejected = 0;
let peakRss = 0;
let bytes = 0;
for await (const record of csv.records) {
  const row = rowToInput('companies', resolved.columns, header.length, record.fields, { dateFormat: 'dd/mm/yyyy', decimalComma: true, defaultCountry: 'IT' });
  if (!row.ok) rejected++;
  count++;
  bytes = record.byteEnd;
  if (count % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (checkpoints.includes(count)) {
    const seconds = (performance.now() - started) / 1000;
    gc?.();
    const live = gc ? `, live heap after GC ${mb(process.memoryUsage().heapUsed)}` : '';
    console.log(`${fmtNum(count, 0)} rows (${mb(bytes)}): ${fmtNum(count / seconds, 0)} rows/s, peak RSS ${mb(peakRss)}${live}, rejected ${rejected}`);
  }
}
