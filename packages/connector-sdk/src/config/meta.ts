import { z } from "zod";

/** What a config field may say about itself through zod's `.meta()` (or `.describe()`). */
export interface ConfigFieldMeta {
  readonly description?: string;
  /** One-letter flag alias, e.g. `p` for `-p`. */
  readonly short?: string;
  /** Left out of `--help` (still accepted). */
  readonly hidden?: boolean;
  /** Never echoed in errors, help or `config` output; registered for log redaction. */
  readonly secret?: boolean;
  /** Flag name to use instead of the kebab-case key, e.g. `base-url`. */
  readonly flag?: string;
}

/** Marks a config field as a secret (a token, a client secret). */
export const secret = <S extends z.ZodType>(schema: S): S =>
  schema.meta({ ...schema.meta(), secret: true }) as S;

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
};

const defOf = (schema: z.ZodType): AnyDef => schema.def as unknown as AnyDef;

/** Wrappers that do not change what a person types: optional, default, nullable and kin. */
const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

export interface UnwrappedField {
  /** The schema that decides how raw text is read (string, number, boolean, enum, array ...). */
  readonly core: z.ZodType;
  readonly meta: ConfigFieldMeta;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
}

const readMeta = (schema: z.ZodType): ConfigFieldMeta => {
  const registered = (z.globalRegistry.get(schema) ?? {}) as Record<string, unknown>;
  const pick = <K extends keyof ConfigFieldMeta>(key: K, type: string) =>
    typeof registered[key] === type ? { [key]: registered[key] } : {};
  return {
    ...(schema.description === undefined ? {} : { description: schema.description }),
    ...pick("description", "string"),
    ...pick("short", "string"),
    ...pick("hidden", "boolean"),
    ...pick("secret", "boolean"),
    ...pick("flag", "string"),
  } as ConfigFieldMeta;
};

/**
 * Peels wrappers off a field's schema, collecting metadata from every layer (the outer layer wins,
 * so `secret(z.string()).optional().describe("...")` keeps both marks).
 */
export const unwrapField = (schema: z.ZodType): UnwrappedField => {
  let current = schema;
  let meta: ConfigFieldMeta = {};
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  for (;;) {
    meta = { ...readMeta(current), ...meta };
    const def = defOf(current);
    if (def.type === "optional") optional = true;
    if ((def.type === "default" || def.type === "prefault") && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in !== undefined) {
      // A transform or codec reads what its input schema reads.
      current = def.in;
    } else {
      return { core: current, meta, optional, hasDefault, defaultValue };
    }
  }
};
