/**
 * A deliberately small protobuf wire reader, written independently of @bufbuild/protobuf, so
 * that the tests check our bytes against the field numbers documented for Baton rather than
 * against the same generated code that produced them.
 */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** VARINT, I64 and I32 values. */
  readonly int?: bigint;
  /** LEN payloads (strings, bytes, sub-messages, packed repeated scalars). */
  readonly bytes?: Uint8Array;
}

const readVarint = (buf: Uint8Array, start: number): [bigint, number] => {
  let result = 0n;
  let shift = 0n;
  let pos = start;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw new Error(`truncated varint at ${start}`);
    pos++;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
};

const readFixed = (buf: Uint8Array, start: number, size: number): bigint => {
  let result = 0n;
  for (let i = size - 1; i >= 0; i--) {
    const byte = buf[start + i];
    if (byte === undefined) throw new Error(`truncated fixed${size * 8} at ${start}`);
    result = (result << 8n) | BigInt(byte);
  }
  return result;
};

/** Every field of one message, in the order they appear on the wire. */
export const readFields = (buf: Uint8Array): WireField[] => {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    pos = afterTag;
    switch (wireType) {
      case WireType.VARINT: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ field, wireType, int: value });
        pos = next;
        break;
      }
      case WireType.I64:
        fields.push({ field, wireType, int: readFixed(buf, pos, 8) });
        pos += 8;
        break;
      case WireType.I32:
        fields.push({ field, wireType, int: readFixed(buf, pos, 4) });
        pos += 4;
        break;
      case WireType.LEN: {
        const [length, next] = readVarint(buf, pos);
        const end = next + Number(length);
        if (end > buf.length) throw new Error(`field ${field}: length ${length} runs past the end`);
        fields.push({ field, wireType, bytes: buf.subarray(next, end) });
        pos = end;
        break;
      }
      default:
        throw new Error(`field ${field}: unsupported wire type ${wireType}`);
    }
  }
  return fields;
};

/** The one occurrence of `field`; throws if it is missing or repeated. */
export const only = (fields: WireField[], field: number): WireField => {
  const found = fields.filter((f) => f.field === field);
  if (found.length !== 1) throw new Error(`expected field ${field} once, found it ${found.length} times`);
  return found[0] as WireField;
};

export const all = (fields: WireField[], field: number): WireField[] =>
  fields.filter((f) => f.field === field);

export const text = (f: WireField): string => {
  if (f.wireType !== WireType.LEN || f.bytes === undefined) throw new Error(`field ${f.field} is not LEN`);
  return new TextDecoder().decode(f.bytes);
};

export const sub = (f: WireField): WireField[] => {
  if (f.wireType !== WireType.LEN || f.bytes === undefined) throw new Error(`field ${f.field} is not LEN`);
  return readFields(f.bytes);
};

export const varint = (f: WireField): bigint => {
  if (f.wireType !== WireType.VARINT || f.int === undefined)
    throw new Error(`field ${f.field} is not VARINT`);
  return f.int;
};

/** The varints of a packed repeated scalar field. */
export const packed = (f: WireField): bigint[] => {
  if (f.wireType !== WireType.LEN || f.bytes === undefined) throw new Error(`field ${f.field} is not packed`);
  const values: bigint[] = [];
  let pos = 0;
  while (pos < f.bytes.length) {
    const [value, next] = readVarint(f.bytes, pos);
    values.push(value);
    pos = next;
  }
  return values;
};

/** Field numbers present, in wire order: proves nothing landed on an unexpected number. */
export const numbers = (fields: WireField[]): number[] => fields.map((f) => f.field);
