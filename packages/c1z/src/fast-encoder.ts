import {
  type Any,
  AnySchema,
  type DescMessage,
  type Entitlement,
  EntitlementSchema,
  ExternalIdSchema,
  type Grant,
  GrantSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";

/**
 * A hand-written protobuf encoder for the messages a sync writes by the million (Grant, Entitlement,
 * Resource and what they hold). Why hand-written: @bufbuild/protobuf's toBinary is generic (a writer that
 * forks a chunk list for every nested message, then joins them) and cost ~3 µs per grant, about as much
 * as SQLite's insert. This one writes straight into one reusable scratch buffer (nested lengths: reserve
 * one byte, shift in the rare case the message is 128 bytes or more), and returns a view on it
 * that SQLite copies when binding: encoding a message allocates nothing.
 *
 * It produces exactly toBinary's bytes (fields in number order, proto3 zero values skipped); tests check
 * that byte for byte. Anything it does not handle (unknown fields, maps, Struct/Timestamp fields,
 * grantable_to, negative enums, a value of the wrong type) makes it give the whole message to toBinary,
 * so it is never wrong, only sometimes not faster. If the generated schemas ever gain or lose a field it
 * does not know, it switches itself off.
 */
export class FastEncoder {
  #buffer: Buffer = Buffer.allocUnsafeSlow(16 * 1024);
  /**
   * Views on the buffer's start by length, made once and handed out again: SQLite copies the bytes when
   * binding, so a view is free again as soon as the row is written, and a million grants of a few dozen
   * distinct lengths then allocate nothing per row (less garbage, fewer young-generation collections).
   */
  #views: Uint8Array[] = [];
  #pos = 0;

  /** The encoded grant: a view valid until this encoder's next call (SQLite copies it when binding). */
  grant(grant: Grant): Uint8Array {
    return this.fastGrant(grant) ?? toBinary(GrantSchema, grant);
  }

  entitlement(entitlement: Entitlement): Uint8Array {
    return this.fastEntitlement(entitlement) ?? toBinary(EntitlementSchema, entitlement);
  }

  resource(resource: Resource): Uint8Array {
    return this.fastResource(resource) ?? toBinary(ResourceSchema, resource);
  }

  /** The fast path alone: undefined when the message needs toBinary (tests use it to see which path ran). */
  fastGrant(grant: Grant): Uint8Array | undefined {
    return this.#fast(grant, writeGrant);
  }

  fastEntitlement(entitlement: Entitlement): Uint8Array | undefined {
    return this.#fast(entitlement, writeEntitlement);
  }

  fastResource(resource: Resource): Uint8Array | undefined {
    return this.#fast(resource, writeResource);
  }

  #fast<T>(message: T, write: (writer: FastEncoder, message: T) => boolean): Uint8Array | undefined {
    this.#pos = 0;
    return FAST_PATH_ENABLED && write(this, message) ? this.#view(this.#pos) : undefined;
  }

  #view(length: number): Uint8Array {
    if (length > MAX_CACHED_VIEW) return new Uint8Array(this.#buffer.buffer, 0, length);
    let view = this.#views[length];
    if (view === undefined) {
      view = new Uint8Array(this.#buffer.buffer, 0, length);
      this.#views[length] = view;
    }
    return view;
  }

  // ---- primitives (all field numbers here are < 16, so every tag is one byte) --------------------------

  ensure(extra: number): void {
    const needed = this.#pos + extra;
    if (needed <= this.#buffer.length) return;
    // Grows to the largest message seen (one message at a time is held, so memory stays bounded).
    let size = this.#buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.#buffer.copy(grown, 0, 0, this.#pos);
    this.#buffer = grown;
    this.#views = [];
  }

  tag(field: number, wireType: number): void {
    this.ensure(1);
    this.#buffer[this.#pos++] = (field << 3) | wireType;
  }

  varint(value: number): void {
    this.ensure(5);
    const buffer = this.#buffer;
    let pos = this.#pos;
    while (value > 0x7f) {
      buffer[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buffer[pos++] = value;
    this.#pos = pos;
  }

  /** A non-empty string field (proto3 skips ""). */
  string(field: number, value: string): void {
    const length = value.length;
    this.ensure(1 + 5 + length * 3);
    const buffer = this.#buffer;
    buffer[this.#pos++] = (field << 3) | 2;
    if (length > 42) {
      const bytes = Buffer.byteLength(value, "utf8");
      this.varint(bytes);
      this.#pos += utf8Write.call(buffer, value, this.#pos);
      return;
    }
    // At most 42 UTF-16 units make at most 126 UTF-8 bytes: the length fits the one byte reserved here.
    const lengthAt = this.#pos;
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
    this.#pos = pos;
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, 2);
    this.varint(value.length);
    this.ensure(value.length);
    this.#buffer.set(value, this.#pos);
    this.#pos += value.length;
  }

  /** Opens a nested message; returns where its content starts (pass it to endMessage). */
  beginMessage(field: number): number {
    this.ensure(2);
    this.#buffer[this.#pos++] = (field << 3) | 2;
    this.#pos++; // one byte reserved for the length
    return this.#pos;
  }

  endMessage(contentStart: number): void {
    const length = this.#pos - contentStart;
    if (length < 0x80) {
      this.#buffer[contentStart - 1] = length;
      return;
    }
    // Rare: a nested message of 128+ bytes needs a longer length prefix; move its content right.
    const extra = varintSize(length) - 1;
    this.ensure(extra);
    this.#buffer.copyWithin(contentStart + extra, contentStart, this.#pos);
    let pos = contentStart - 1;
    let value = length;
    while (value > 0x7f) {
      this.#buffer[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.#buffer[pos] = value;
    this.#pos += extra;
  }
}

const MAX_CACHED_VIEW = 4096;

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

function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value >>>= 7;
    size++;
  }
  return size;
}

// ---- per-message writers: each returns false when the message needs the generic encoder -------------------

const isPlain = (message: { $unknown?: unknown[] | undefined }): boolean =>
  message.$unknown === undefined || message.$unknown.length === 0;

const isEnumValue = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;

function writeString(writer: FastEncoder, field: number, value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value !== "") writer.string(field, value);
  return true;
}

function writeBool(writer: FastEncoder, field: number, value: unknown): boolean {
  if (typeof value !== "boolean") return false;
  if (value) {
    writer.tag(field, 0);
    writer.varint(1);
  }
  return true;
}

function writeEnum(writer: FastEncoder, field: number, value: unknown): boolean {
  if (!isEnumValue(value)) return false;
  if (value !== 0) {
    writer.tag(field, 0);
    writer.varint(value);
  }
  return true;
}

function writeNested<T>(
  writer: FastEncoder,
  field: number,
  value: T | undefined,
  write: (writer: FastEncoder, value: T) => boolean,
): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== "object") return false;
  const start = writer.beginMessage(field);
  if (!write(writer, value)) return false;
  writer.endMessage(start);
  return true;
}

function writeAnnotations(writer: FastEncoder, field: number, annotations: unknown): boolean {
  if (!Array.isArray(annotations)) return false;
  for (const annotation of annotations as Any[]) {
    if (!writeNested(writer, field, annotation, writeAny)) return false;
  }
  return true;
}

function writeAny(writer: FastEncoder, any: Any): boolean {
  if (any.$typeName !== "google.protobuf.Any" || !isPlain(any)) return false;
  if (!writeString(writer, 1, any.typeUrl)) return false;
  if (!(any.value instanceof Uint8Array)) return false;
  if (any.value.length > 0) writer.bytes(2, any.value);
  return true;
}

function writeResourceId(writer: FastEncoder, id: ResourceId): boolean {
  return (
    id.$typeName === "c1.connector.v2.ResourceId" &&
    isPlain(id) &&
    writeString(writer, 1, id.resourceType) &&
    writeString(writer, 2, id.resource) &&
    writeBool(writer, 3, id.batonResource)
  );
}

function writeResource(writer: FastEncoder, resource: Resource): boolean {
  if (resource.$typeName !== "c1.connector.v2.Resource" || !isPlain(resource)) return false;
  // Struct, AssetRef, Status and Timestamp fields are left to the generic encoder.
  if (
    resource.profile !== undefined ||
    resource.icon !== undefined ||
    resource.status !== undefined ||
    resource.createdAt !== undefined
  ) {
    return false;
  }
  const externalId = resource.externalId;
  return (
    writeNested(writer, 1, resource.id, writeResourceId) &&
    writeNested(writer, 2, resource.parentResourceId, writeResourceId) &&
    writeString(writer, 3, resource.displayName) &&
    writeAnnotations(writer, 4, resource.annotations) &&
    writeString(writer, 5, resource.description) &&
    writeBool(writer, 6, resource.batonResource) &&
    writeNested(
      writer,
      7,
      externalId,
      (w, value) =>
        value.$typeName === "c1.connector.v2.ExternalId" &&
        isPlain(value) &&
        writeString(w, 1, value.id) &&
        writeString(w, 2, value.link) &&
        writeString(w, 3, value.description),
    ) &&
    writeEnum(writer, 8, resource.creationSource)
  );
}

function writeEntitlement(writer: FastEncoder, entitlement: Entitlement): boolean {
  if (entitlement.$typeName !== "c1.connector.v2.Entitlement" || !isPlain(entitlement)) return false;
  if (!Array.isArray(entitlement.grantableTo) || entitlement.grantableTo.length > 0) return false;
  return (
    writeNested(writer, 1, entitlement.resource, writeResource) &&
    writeString(writer, 2, entitlement.id) &&
    writeString(writer, 3, entitlement.displayName) &&
    writeString(writer, 4, entitlement.description) &&
    writeAnnotations(writer, 6, entitlement.annotations) &&
    writeEnum(writer, 7, entitlement.purpose) &&
    writeString(writer, 8, entitlement.slug)
  );
}

function writeGrant(writer: FastEncoder, grant: Grant): boolean {
  if (grant.$typeName !== "c1.connector.v2.Grant" || !isPlain(grant)) return false;
  if (grant.sources !== undefined) return false; // a map: left to the generic encoder
  return (
    writeNested(writer, 1, grant.entitlement, writeEntitlement) &&
    writeNested(writer, 2, grant.principal, writeResource) &&
    writeString(writer, 3, grant.id) &&
    writeAnnotations(writer, 4, grant.annotations)
  );
}

/** The fields (number → local name) each writer above was written for. */
const KNOWN_FIELDS: ReadonlyArray<readonly [DescMessage, string]> = [
  [
    GrantSchema,
    "1:entitlement 2:principal 3:id 4:annotations 5:sources", //
  ],
  [
    EntitlementSchema,
    "1:resource 2:id 3:displayName 4:description 5:grantableTo 6:annotations 7:purpose 8:slug",
  ],
  [
    ResourceSchema,
    "1:id 2:parentResourceId 3:displayName 4:annotations 5:description 6:batonResource 7:externalId 8:creationSource 9:profile 10:icon 11:status 12:createdAt",
  ],
  [ResourceIdSchema, "1:resourceType 2:resource 3:batonResource"],
  [ExternalIdSchema, "1:id 2:link 3:description"],
  [AnySchema, "1:typeUrl 2:value"],
];

/** False if a schema changed since these writers were written; then everything goes through toBinary. */
const FAST_PATH_ENABLED = KNOWN_FIELDS.every(
  ([schema, fields]) =>
    schema.fields
      .map((field) => `${field.number}:${field.localName}`)
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
      .join(" ") === fields,
);

/** Whether the fast path is active (tests assert it, so a schema change cannot silently disable it). */
export const fastEncoderEnabled = (): boolean => FAST_PATH_ENABLED;
