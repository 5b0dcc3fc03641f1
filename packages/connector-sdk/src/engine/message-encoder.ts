import {
  type Any,
  AnySchema,
  type DescMessage,
  type Entitlement,
  EntitlementSchema,
  ExternalIdSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
  ResourceTypeSchema,
  toBinary,
} from "@baton-ts/protocol";
import { Scratch } from "../model/wire-writer.js";

/**
 * Resources and entitlements encoded for the store without `toBinary`. `toBinary` starts every message
 * in a fresh 128-byte buffer and doubles it as it grows, then copies the result out: for a few hundred
 * bytes that is four typed arrays with their own backing stores per message, which measured as a large
 * share of a sync's CPU and of its garbage collection. Here one reused buffer is written and each message
 * costs one copy out. Hand-written for that cost only; the output is byte-for-byte `toBinary`'s (tested),
 * and anything this encoder does not know (a field added to the protocol, unknown fields, a resource
 * with profile, icon, status or creation time) goes through `toBinary`.
 */
export class MessageEncoder {
  private readonly out = new Scratch();
  /** Sub-messages seen in this batch (grantable-to types repeat across entitlements); see `clear`. */
  private readonly cache = new Map<object, Uint8Array>();

  resource(resource: Resource): Uint8Array {
    if (!FAST_PATH || !isPlainResource(resource)) return toBinary(ResourceSchema, resource);
    this.out.reset();
    writeResource(this.out, resource);
    return this.out.copy();
  }

  entitlement(entitlement: Entitlement): Uint8Array {
    const owner = entitlement.resource;
    if (!FAST_PATH || hasUnknown(entitlement) || (owner !== undefined && !isPlainResource(owner)))
      return toBinary(EntitlementSchema, entitlement);
    if (entitlement.purpose < 0 || !entitlement.annotations.every(isPlainAny))
      return toBinary(EntitlementSchema, entitlement);
    const grantableTo = entitlement.grantableTo.map((type) => this.cached(type));
    const out = this.out;
    out.reset();
    if (owner !== undefined) {
      const mark = out.begin(0x0a);
      writeResource(out, owner);
      out.end(mark);
    }
    out.string(0x12, entitlement.id);
    out.string(0x1a, entitlement.displayName);
    out.string(0x22, entitlement.description);
    for (const bytes of grantableTo) out.bytes(0x2a, bytes);
    for (const annotation of entitlement.annotations) writeAny(out, 0x32, annotation);
    if (entitlement.purpose !== 0) out.varintField(0x38, entitlement.purpose);
    out.string(0x42, entitlement.slug);
    return out.copy();
  }

  /** Forgets the sub-messages encoded so far (call once per batch: messages may change between them). */
  clear(): void {
    this.cache.clear();
  }

  private cached(type: Entitlement["grantableTo"][number]): Uint8Array {
    let bytes = this.cache.get(type);
    if (bytes === undefined) {
      bytes = toBinary(ResourceTypeSchema, type);
      this.cache.set(type, bytes);
    }
    return bytes;
  }
}

/** The fast path knows exactly these fields (name = number); a protocol change turns it off. */
const fieldsAre = (schema: DescMessage, expected: readonly string[]): boolean =>
  schema.fields.length === expected.length &&
  schema.fields.every((field, index) => `${field.localName}=${field.number}` === expected[index]);

const FAST_PATH =
  fieldsAre(ResourceSchema, [
    "id=1",
    "parentResourceId=2",
    "displayName=3",
    "annotations=4",
    "description=5",
    "batonResource=6",
    "externalId=7",
    "creationSource=8",
    "profile=9",
    "icon=10",
    "status=11",
    "createdAt=12",
  ]) &&
  fieldsAre(ResourceIdSchema, ["resourceType=1", "resource=2", "batonResource=3"]) &&
  fieldsAre(AnySchema, ["typeUrl=1", "value=2"]) &&
  fieldsAre(ExternalIdSchema, ["id=1", "link=2", "description=3"]) &&
  fieldsAre(EntitlementSchema, [
    "resource=1",
    "id=2",
    "displayName=3",
    "description=4",
    "grantableTo=5",
    "annotations=6",
    "purpose=7",
    "slug=8",
  ]);

const hasUnknown = (message: object): boolean => {
  const unknown = (message as { $unknown?: readonly unknown[] }).$unknown;
  return unknown !== undefined && unknown.length > 0;
};

const isPlainAny = (annotation: Any): boolean => !hasUnknown(annotation);

/** A resource of the fields this encoder writes, without unknown fields anywhere. */
const isPlainResource = (r: Resource): boolean =>
  r.profile === undefined &&
  r.icon === undefined &&
  r.status === undefined &&
  r.createdAt === undefined &&
  r.creationSource >= 0 &&
  !hasUnknown(r) &&
  (r.id === undefined || !hasUnknown(r.id)) &&
  (r.parentResourceId === undefined || !hasUnknown(r.parentResourceId)) &&
  (r.externalId === undefined || !hasUnknown(r.externalId)) &&
  r.annotations.every(isPlainAny);

const writeResourceId = (out: Scratch, tag: number, id: ResourceId): void => {
  const mark = out.begin(tag);
  out.string(0x0a, id.resourceType);
  out.string(0x12, id.resource);
  if (id.batonResource) out.varintField(0x18, 1);
  out.end(mark);
};

const writeAny = (out: Scratch, tag: number, annotation: Any): void => {
  const mark = out.begin(tag);
  out.string(0x0a, annotation.typeUrl);
  if (annotation.value.length > 0) out.bytes(0x12, annotation.value);
  out.end(mark);
};

/** The fields of a plain resource, in field-number order (as toBinary writes them). */
const writeResource = (out: Scratch, r: Resource): void => {
  if (r.id !== undefined) writeResourceId(out, 0x0a, r.id);
  if (r.parentResourceId !== undefined) writeResourceId(out, 0x12, r.parentResourceId);
  out.string(0x1a, r.displayName);
  for (const annotation of r.annotations) writeAny(out, 0x22, annotation);
  out.string(0x2a, r.description);
  if (r.batonResource) out.varintField(0x30, 1);
  const external = r.externalId;
  if (external !== undefined) {
    const mark = out.begin(0x3a);
    out.string(0x0a, external.id);
    out.string(0x12, external.link);
    out.string(0x1a, external.description);
    out.end(mark);
  }
  if (r.creationSource !== 0) out.varintField(0x40, r.creationSource);
};
