import type { FieldSpec } from "./field-spec.js";

/** What one source (a flag or a variable) said about one field. */
export interface RawSetting {
  readonly field: FieldSpec;
  readonly source: "flag" | "env";
  readonly values: readonly string[];
}

export type Coerced = { ok: true; value: unknown } | { ok: false; problem: string };

// The same words Go's strconv.ParseBool accepts, so BATON_PROVISIONING values keep working.
const TRUE_WORDS = new Set(["1", "t", "true"]);
const FALSE_WORDS = new Set(["0", "f", "false"]);

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Names both ways to set a field, as every message does. */
export const settingName = (field: FieldSpec): string => `--${field.flag} / ${field.env}`;

/** Echoes a value in a message, unless the field is secret. */
const shown = (field: FieldSpec, value: string): string => (field.secret ? "" : `, got "${value}"`);

const scalar = (field: FieldSpec, kind: FieldSpec["kind"], text: string): Coerced => {
  if (kind === "number") {
    const trimmed = text.trim();
    return NUMBER.test(trimmed)
      ? { ok: true, value: Number(trimmed) }
      : { ok: false, problem: `invalid ${settingName(field)}: expected a number${shown(field, text)}` };
  }
  if (kind === "boolean") {
    const word = text.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
    return {
      ok: false,
      problem: `invalid ${settingName(field)}: expected true or false (or 1 / 0)${shown(field, text)}`,
    };
  }
  return { ok: true, value: text };
};

/**
 * Turns the text of a flag or variable into the value the schema expects. Lists are
 * comma-separated (and, as flags, repeatable); other fields take the last value given.
 */
export const coerceSetting = ({ field, values }: RawSetting): Coerced => {
  if (field.kind === "list") {
    const items = values
      .flatMap((value) => value.split(","))
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const out: unknown[] = [];
    for (const item of items) {
      const result = scalar(field, field.itemKind ?? "string", item);
      if (!result.ok) return result;
      out.push(result.value);
    }
    return { ok: true, value: out };
  }
  return scalar(field, field.kind, values[values.length - 1] ?? "");
};
