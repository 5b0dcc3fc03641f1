import type { z } from "zod";
import { ContractError } from "../errors.js";
import { unwrapField } from "./meta.js";

export type FieldKind = "string" | "number" | "boolean" | "enum" | "list";

/** Everything the loader, `--help` and `config` need to know about one setting. */
export interface FieldSpec {
  readonly key: string;
  /** Long flag name without dashes, e.g. `api-token`. */
  readonly flag: string;
  readonly short?: string;
  /** Environment variable, e.g. `BATON_API_TOKEN`. */
  readonly env: string;
  readonly kind: FieldKind;
  /** For numbers: whether only whole numbers are accepted (`int` in help). */
  readonly integer?: boolean;
  /** For lists: the kind of each item. */
  readonly itemKind?: Exclude<FieldKind, "list">;
  /** For enums (and lists of enums): the accepted values. */
  readonly choices?: readonly string[];
  readonly secret: boolean;
  readonly hidden: boolean;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description: string;
}

/** `managementConsoleUrl` → `management-console-url`. */
export const kebabCase = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();

/** `api-token` → `BATON_API_TOKEN`. */
export const envName = (flag: string): string => `BATON_${flag.replace(/-/g, "_").toUpperCase()}`;

type ScalarKind = Exclude<FieldKind, "list">;

const scalarKind = (schema: z.ZodType): { kind: ScalarKind; choices?: string[] } | undefined => {
  const def = schema.def as unknown as {
    type: string;
    entries?: Record<string, unknown>;
    values?: unknown[];
  };
  switch (def.type) {
    case "string":
      return { kind: "string" };
    case "number":
    case "int":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    case "enum":
      return { kind: "enum", choices: Object.values(def.entries ?? {}).map(String) };
    case "literal":
      return { kind: "enum", choices: (def.values ?? []).map(String) };
    default:
      return undefined;
  }
};

/** Reads one field of a config schema; a type the command line cannot express is a connector bug. */
export const fieldSpec = (key: string, schema: z.ZodType): FieldSpec => {
  const { core, meta, optional, hasDefault, defaultValue } = unwrapField(schema);
  const flag = meta.flag ?? kebabCase(key);
  const common = {
    key,
    flag,
    ...(meta.short === undefined ? {} : { short: meta.short }),
    env: envName(flag),
    secret: meta.secret === true,
    hidden: meta.hidden === true,
    required: !optional && !hasDefault,
    ...(hasDefault && meta.secret !== true ? { default: defaultValue } : {}),
    description: meta.description ?? "",
  };
  if (meta.short !== undefined && !/^[a-zA-Z]$/.test(meta.short)) {
    throw new ContractError(`config field "${key}": short flag must be one letter, got "${meta.short}"`);
  }
  const def = core.def as unknown as { type: string; element?: z.ZodType };
  if (def.type === "array" && def.element !== undefined) {
    const item = scalarKind(unwrapField(def.element).core);
    if (item === undefined || item.kind === "boolean") {
      throw new ContractError(
        `config field "${key}": lists of ${String(def.element.def.type)} cannot be set from flags`,
      );
    }
    return {
      ...common,
      kind: "list",
      itemKind: item.kind,
      ...(item.choices === undefined ? {} : { choices: item.choices }),
    };
  }
  const scalar = scalarKind(core);
  if (scalar === undefined) {
    throw new ContractError(
      `config field "${key}": a ${def.type} cannot be set from a flag or an environment variable`,
    );
  }
  const integer = scalar.kind === "number" && (core as z.ZodNumber).isInt === true;
  return {
    ...common,
    kind: scalar.kind,
    ...(integer ? { integer } : {}),
    ...(scalar.choices === undefined ? {} : { choices: scalar.choices }),
  };
};

/** The specs of every field of an object schema, in declaration order. */
export const fieldSpecs = (schema: z.ZodObject): FieldSpec[] =>
  Object.entries(schema.shape).map(([key, field]) => fieldSpec(key, field as z.ZodType));
