import iconv from 'iconv-lite';

/**
 * A decoder for a single-byte encoding from a 256-entry table built once with iconv-lite: calling
 * iconv per field costs a Buffer wrap, an encoding lookup and a UTF-16 round trip, a fifth of an
 * import's CPU in bench/import-read.ts. Pure-ASCII fields, most of a file, take the latin1 fast path.
 */
export function singleByteDecoder(encoding: string): (bytes: Uint8Array) => string {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const table = [...iconv.decode(Buffer.from(all), encoding)];
  if (table.length !== 256) throw new Error(`${encoding} is not a single-byte encoding`);
  return (bytes) => {
    let ascii = true;
    for (const byte of bytes) {
      if (byte >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let text = '';
    for (const byte of bytes) text += table[byte];
    return text;
  };
}
