import { create, type DescMessage, type JsonValue, type MessageShape, toBinary } from "../index.js";
import { WireWriter } from "./wire-writer.js";

/**
 * Trait messages carry a `profile` (google.protobuf.Struct, a JsonObject in the generated types). Through
 * `toBinary` every profile is first converted into Struct/Value messages and then encoded by reflection:
 * for a connector whose users carry a rich profile (SentinelOne's scopes and roles) that was the largest
 * single cost of a sync and much of its garbage. Here the profile is written straight from the JSON, and
 * spliced in at its place among the other fields, which `toBinary` still encodes. Hand-written for that
 * cost only; the output is byte-for-byte `toBinary`'s (tested), and anything unusual (a value JSON cannot
 * hold, very deep nesting, a schema with oneofs or without a Struct profile) goes through `toBinary`.
 * It lives with the other hand-written encoders on the one WireWriter, so that there is one protobuf
 * writer in the repository; the sdk's trait annotations call it.
 */
export const encodeMessage = <Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): Uint8Array => {
  const plan = planOf(schema);
  const profile = (message as Record<string, unknown>).profile;
  if (plan === undefined || profile === undefined || profile === null) return toBinary(schema, message);
  const out = scratch;
  out.reset();
  const mark = out.begin(plan.tag);
  if (!writeStruct(out, profile, 0)) return toBinary(schema, message);
  out.end(mark);
  const profileBytes = out.copy();

  const rest = toBinary(schema, { ...message, profile: undefined });
  // Fields are written in field-number order: those numbered below the profile come first.
  const head = create(schema) as Record<string, unknown>;
  for (const name of plan.before) head[name] = (message as Record<string, unknown>)[name];
  const split = toBinary(schema, head as MessageShape<Desc>).length;
  const bytes = new Uint8Array(rest.length + profileBytes.length);
  bytes.set(rest.subarray(0, split), 0);
  bytes.set(profileBytes, split);
  bytes.set(rest.subarray(split), split + profileBytes.length);
  return bytes;
};

interface Plan {
  /** The profile field's tag byte. */
  readonly tag: number;
  /** Fields numbered below the profile (local names). */
  readonly before: readonly string[];
}

const plans = new WeakMap<DescMessage, Plan | null>();
const scratch = new WireWriter();

const planOf = (schema: DescMessage): Plan | undefined => {
  let plan = plans.get(schema);
  if (plan === undefined) {
    const profile = schema.fields.find(
      (field) =>
        field.localName === "profile" &&
        field.fieldKind === "message" &&
        field.message.typeName === "google.protobuf.Struct",
    );
    plan =
      profile === undefined || profile.number > 15 || schema.oneofs.length > 0
        ? null
        : {
            tag: (profile.number << 3) | 2,
            before: schema.fields.filter((field) => field.number < profile.number).map((f) => f.localName),
          };
    plans.set(schema, plan);
  }
  return plan ?? undefined;
};

/** protobuf-es's JSON parsing limit: deeper values go through `toBinary`, which reports them. */
const MAX_DEPTH = 64;

/** Struct{fields: map<string, Value>}: one entry per key, in key order. False when unsupported. */
const writeStruct = (out: WireWriter, json: unknown, depth: number): boolean => {
  if (typeof json !== "object" || json === null || Array.isArray(json) || depth > MAX_DEPTH) return false;
  for (const key of Object.keys(json)) {
    const entry = out.begin(0x0a);
    out.stringAlways(0x0a, key);
    const value = out.begin(0x12);
    if (!writeValue(out, (json as Record<string, JsonValue>)[key], depth + 1)) return false;
    out.end(value);
    out.end(entry);
  }
  return true;
};

/** Value{oneof kind}: the member is written even when it holds its zero value. */
const writeValue = (out: WireWriter, json: unknown, depth: number): boolean => {
  switch (typeof json) {
    case "number":
      if (!Number.isFinite(json)) return false;
      out.double(0x11, json);
      return true;
    case "string":
      out.stringAlways(0x1a, json);
      return true;
    case "boolean":
      out.varintField(0x20, json ? 1 : 0);
      return true;
    case "object": {
      if (json === null) {
        out.varintField(0x08, 0);
        return true;
      }
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(json)) {
        const list = out.begin(0x32);
        for (const item of json) {
          const value = out.begin(0x0a);
          if (!writeValue(out, item, depth + 1)) return false;
          out.end(value);
        }
        out.end(list);
        return true;
      }
      const struct = out.begin(0x2a);
      if (!writeStruct(out, json, depth + 1)) return false;
      out.end(struct);
      return true;
    }
    default:
      return false;
  }
};
