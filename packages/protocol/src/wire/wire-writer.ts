/**
 * A growable byte buffer for writing protobuf wire format by hand, reused across messages: the one
 * writer under every hand-written encoder of this repository (message-encoder.ts, grant-encoder.ts,
 * struct-wire.ts). Why hand-written: @bufbuild/protobuf's toBinary forks a chunk list for every nested
 * message and starts each message in a fresh buffer; for the millions of small messages of a sync that
 * was as costly as SQLite's insert. Every encoder built on this writer is tested byte for byte against
 * toBinary.
 *
 * Merged from two earlier writers (c1z's FastEncoder and the sdk's Scratch). From the sdk: the API of
 * precomputed tag bytes (a tag byte per call instead of shifting a field number), `copy`/`copyTo` for
 * callers that keep bytes, `double` and `stringAlways` for Struct values. From c1z: the faster string
 * path (short ASCII copied in JS, others through Buffer#utf8Write, one reserved length byte) and views
 * handed out again by length (a view per message allocates nothing once the lengths have been seen).
 */
export class WireWriter {
  // allocUnsafeSlow: a buffer of its own (offset 0 in its ArrayBuffer), which the cached views rely on.
  private buffer = Buffer.allocUnsafeSlow(16 * 1024);
  private pos = 0;
  /** Views on the buffer's start by length, made once and handed out again (see `view`). */
  private views: Uint8Array[] = [];

  /** The last view handed out by `view` (callers compare with it to know whether bytes are borrowed). */
  lastView: Uint8Array | undefined;

  reset(): void {
    this.pos = 0;
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far, as a view valid until the writer is next reset or written to. */
  view(): Uint8Array {
    const length = this.pos;
    let view: Uint8Array | undefined;
    if (length > MAX_CACHED_VIEW) view = new Uint8Array(this.buffer.buffer, 0, length);
    else {
      view = this.views[length];
      if (view === undefined) {
        view = new Uint8Array(this.buffer.buffer, 0, length);
        this.views[length] = view;
      }
    }
    this.lastView = view;
    return view;
  }

  /** The bytes written so far, as a copy. */
  copy(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buffer, 0, this.pos);
  }

  /** Copies the bytes written so far into `target` at `at`; returns how many. */
  copyTo(target: Buffer, at: number): number {
    return this.buffer.copy(target, at, 0, this.pos);
  }

  /** A string field with implicit presence: nothing for "". */
  string(tag: number, value: string): void {
    if (value !== "") this.stringAlways(tag, value);
  }

  /** A string written even when empty (map keys, oneof members). */
  stringAlways(tag: number, value: string): void {
    const length = value.length;
    this.ensure(1 + 5 + length * 3);
    const buffer = this.buffer;
    buffer[this.pos++] = tag;
    if (length > 42) {
      this.varint(Buffer.byteLength(value, "utf8"));
      this.pos += utf8Write.call(buffer, value, this.pos);
      return;
    }
    // At most 42 UTF-16 units make at most 126 UTF-8 bytes: the length fits the one byte reserved here.
    const lengthAt = this.pos;
    let pos = lengthAt + 1;
    if (length <= 12) {
      // Short ASCII strings are copied in JS, cheaper than a native call (measured); others go native.
      for (let index = 0; index < length; index++) {
        const code = value.charCodeAt(index);
        if (code >= 0x80) {
          pos = lengthAt + 1 + utf8Write.call(buffer, value, lengthAt + 1);
          break;
        }
        buffer[pos++] = code;
      }
    } else {
      pos += utf8Write.call(buffer, value, pos);
    }
    buffer[lengthAt] = pos - lengthAt - 1;
    this.pos = pos;
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

  /** A varint field (values up to 2^32 - 1; callers send negative enums to toBinary). */
  varintField(tag: number, value: number): void {
    this.ensure(6);
    this.buffer[this.pos++] = tag;
    this.varint(value);
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
    const length = this.pos - start;
    if (length < 0x80) {
      this.buffer[start - 1] = length;
      return;
    }
    // Rare: a nested message of 128+ bytes needs a longer length prefix; move its content right.
    const extra = varintLength(length) - 1;
    this.ensure(extra);
    this.buffer.copyWithin(start + extra, start, this.pos);
    const end = this.pos + extra;
    this.pos = start - 1;
    this.varint(length);
    this.pos = end;
  }

  private varint(value: number): void {
    const buffer = this.buffer;
    let pos = this.pos;
    let n = value;
    while (n > 0x7f) {
      buffer[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buffer[pos++] = n;
    this.pos = pos;
  }

  private ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buffer.length) return;
    // Grows to the largest message seen (one message at a time is held, so memory stays bounded).
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
    this.views = [];
  }
}

const MAX_CACHED_VIEW = 4096;

const varintLength = (n: number): number =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;

/**
 * Buffer#utf8Write is what Buffer#write(value, offset, "utf8") calls once it has checked its arguments
 * (both replace lone surrogates with U+FFFD, as TextEncoder and so toBinary do); calling it directly saved
 * ~40 ns per string in a micro-benchmark. It is not in @types/node, hence the local type and a fallback.
 */
type Utf8Write = (this: Buffer, value: string, offset: number) => number;
const utf8Write: Utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write ??
  function (this: Buffer, value: string, offset: number): number {
    return this.write(value, offset, "utf8");
  };
