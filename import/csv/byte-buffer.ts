/** A growable byte array reused from record to record, so tokenising allocates per record, not per byte. */
export class ByteBuffer {
  #bytes = new Uint8Array(256);
  length = 0;

  push(byte: number): void {
    if (this.length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.length++] = byte;
  }

  /** A copy of the content; the buffer is emptied for the next use. */
  take(): Uint8Array {
    const copy = this.#bytes.slice(0, this.length);
    this.length = 0;
    return copy;
  }

  clear(): void {
    this.length = 0;
  }
}
