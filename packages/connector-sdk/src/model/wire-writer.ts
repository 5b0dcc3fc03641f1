const varintLength = (n: number): number =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;

/**
 * A growable byte buffer for writing protobuf wire format by hand, reused across messages. Nested
 * messages reserve one length byte (`begin`) and shift their body if the length needs more (`end`).
 * Hand-written for the hot paths that bypass `toBinary` (grants, trait profiles); each of those is tested
 * byte for byte against `toBinary`.
 */
export class Scratch {
  private buffer = Buffer.allocUnsafe(4096);
  private pos = 0;

  reset(): void {
    this.pos = 0;
  }

  lastView: Uint8Array | undefined;

  view(): Uint8Array {
    this.lastView = this.buffer.subarray(0, this.pos);
    return this.lastView;
  }

  /** A string field with implicit presence: nothing for "". */
  string(tag: number, value: string): void {
    if (value !== "") this.stringAlways(tag, value);
  }

  /** A string written even when empty (map keys, oneof members). */
  stringAlways(tag: number, value: string): void {
    const length = Buffer.byteLength(value);
    this.ensure(1 + 5 + length);
    this.buffer[this.pos++] = tag;
    this.varint(length);
    this.pos += this.buffer.write(value, this.pos, length, "utf8");
  }

  bytes(tag: number, value: Uint8Array): void {
    this.ensure(1 + 5 + value.length);
    this.buffer[this.pos++] = tag;
    this.varint(value.length);
    this.buffer.set(value, this.pos);
    this.pos += value.length;
  }

  /** A double (wire type 1): 8 bytes, little-endian. */
  double(tag: number, value: number): void {
    this.ensure(9);
    this.buffer[this.pos++] = tag;
    this.pos = this.buffer.writeDoubleLE(value, this.pos);
  }

  /** The bytes written so far, as a copy. */
  copy(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buffer, 0, this.pos);
  }

  varintField(tag: number, value: number): void {
    this.ensure(6);
    this.buffer[this.pos++] = tag;
    this.varint(value);
  }

  get length(): number {
    return this.pos;
  }

  /** Copies the bytes written so far into `target` at `at`; returns how many. */
  copyTo(target: Buffer, at: number): number {
    return this.buffer.copy(target, at, 0, this.pos);
  }

  /** Starts a nested message: its tag and one reserved length byte; pass the result to `end`. */
  begin(tag: number): number {
    this.ensure(2);
    this.buffer[this.pos++] = tag;
    this.pos += 1;
    return this.pos;
  }

  /** Ends the nested message begun at `start`: writes its length, shifting the body if it needs more bytes. */
  end(start: number): void {
    const lengthAt = start - 1;
    const length = this.pos - start;
    const extra = varintLength(length) - 1;
    if (extra > 0) {
      this.ensure(extra);
      this.buffer.copyWithin(start + extra, start, this.pos);
      this.pos += extra;
    }
    const end = this.pos;
    this.pos = lengthAt;
    this.varint(length);
    this.pos = end;
  }

  private varint(value: number): void {
    let n = value;
    while (n > 0x7f) {
      this.buffer[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buffer[this.pos++] = n;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.pos + bytes));
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }
}
