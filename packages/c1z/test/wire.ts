// A tiny protobuf wire writer, independent of @bufbuild/protobuf, so tests can build "foreign" rows and
// check our stored bytes against an encoding we did not produce ourselves.
export type Field = [number, string | number | Uint8Array];

export function message(...fields: Field[]): Uint8Array {
  const parts: number[] = [];
  for (const [number, value] of fields) {
    if (typeof value === "number") {
      varint(parts, (number << 3) | 0);
      varint(parts, value);
    } else {
      const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
      varint(parts, (number << 3) | 2);
      varint(parts, bytes.length);
      parts.push(...bytes);
    }
  }
  return Uint8Array.from(parts);
}

function varint(out: number[], value: number): void {
  let rest = value;
  while (rest > 0x7f) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

export const resourceId = (type: string, id: string) => message([1, type], [2, id]);
