import type { z } from "zod";
import { ConfigError, ContractError } from "../errors.js";
import { createRedactor } from "../log/redact.js";
import { type BaseConfig, baseConfigSchema, checkBaseConfig } from "./base-config.js";
import { coerceSetting, type RawSetting, settingName } from "./coerce.js";
import { type FieldSpec, fieldSpecs } from "./field-spec.js";
import { parseArgv } from "./parse-argv.js";

export interface LoadConfigInput {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface LoadedConfig<S extends z.ZodObject> {
  /** Base settings and the connector's own, parsed: flags > BATON_* variables > defaults. */
  readonly config: BaseConfig & z.output<S>;
  /** Positional arguments, e.g. the subcommand (`capabilities`, `validate`). */
  readonly args: string[];
}

const refinedBase = baseConfigSchema.superRefine(checkBaseConfig);

/** Every field spec of a connector's settings with the base settings; a clash is a connector bug. */
export const configFields = (connectorSchema: z.ZodObject): { base: FieldSpec[]; connector: FieldSpec[] } => {
  const base = fieldSpecs(baseConfigSchema);
  const connector = fieldSpecs(connectorSchema);
  const seen = new Map<string, string>();
  for (const field of [...base, ...connector]) {
    for (const name of [
      field.key,
      `--${field.flag}`,
      ...(field.short === undefined ? [] : [`-${field.short}`]),
    ]) {
      const owner = seen.get(name);
      if (owner !== undefined)
        throw new ContractError(`config fields "${owner}" and "${field.key}" both use ${name}`);
      seen.set(name, field.key);
    }
  }
  return { base, connector };
};

/** The flag and variable, the zod message without its generic prefix; never the value. */
const describeIssue = (
  issue: z.core.$ZodIssue,
  byKey: ReadonlyMap<string, FieldSpec>,
  raw: Record<string, unknown>,
) => {
  const key = issue.path[0];
  const field = typeof key === "string" ? byKey.get(key) : undefined;
  if (field === undefined) return issue.message;
  if (issue.code === "custom") {
    // A connector's own check: name the setting unless its message already does.
    return issue.message.includes(`--${field.flag}`)
      ? issue.message
      : `invalid ${settingName(field)}: ${issue.message}`;
  }
  if (raw[field.key] === undefined && issue.code === "invalid_type") {
    return `missing ${settingName(field)}${field.description === "" ? "" : `: ${field.description}`}`;
  }
  const nested = issue.path.length > 1 ? ` (item ${issue.path.slice(1).join(".")})` : "";
  const message = issue.message.replace(/^Invalid (input|option): /, "");
  return `invalid ${settingName(field)}${nested}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
};

/**
 * Reads a connector's settings (with Baton's base settings) from the command line and `BATON_*`
 * variables, validates them with the schemas, and throws one ConfigError listing every problem,
 * each naming the flag and the variable. Secret values are never echoed.
 */
export const loadConfig = <S extends z.ZodObject>(
  connectorSchema: S,
  input: LoadConfigInput,
): LoadedConfig<S> => {
  const fields = configFields(connectorSchema);
  const all = [...fields.base, ...fields.connector];
  const parsed = parseArgv(input.argv, all);
  const problems = [...parsed.problems];

  const raw: Record<string, unknown> = {};
  // A value that could not be read is reported once, not again as "missing" by the schema.
  const unreadable = new Set<string>();
  for (const field of all) {
    const fromFlags = parsed.values.get(field.key);
    const fromEnv = input.env[field.env];
    const setting: RawSetting | undefined =
      fromFlags !== undefined
        ? { field, source: "flag", values: fromFlags }
        : fromEnv !== undefined && fromEnv !== ""
          ? // An empty variable counts as unset: Kubernetes Secrets often carry empty keys.
            { field, source: "env", values: [fromEnv] }
          : undefined;
    if (setting === undefined) continue;
    const coerced = coerceSetting(setting);
    if (coerced.ok) raw[field.key] = coerced.value;
    else {
      problems.push(coerced.problem);
      unreadable.add(field.key);
    }
  }

  const baseRaw = Object.fromEntries(fields.base.filter((f) => f.key in raw).map((f) => [f.key, raw[f.key]]));
  const connectorRaw = Object.fromEntries(
    fields.connector.filter((f) => f.key in raw).map((f) => [f.key, raw[f.key]]),
  );
  const byKey = new Map(all.map((field) => [field.key, field]));
  const base = refinedBase.safeParse(baseRaw);
  const own = connectorSchema.safeParse(connectorRaw);
  for (const result of [base, own]) {
    if (!result.success) {
      const issues = result.error.issues.filter((issue) => !unreadable.has(String(issue.path[0])));
      problems.push(...issues.map((issue) => describeIssue(issue, byKey, raw)));
    }
  }

  if (problems.length > 0 || !base.success || !own.success) {
    // Zod and connector refinements write their own messages; make sure no secret rides along.
    const secrets = all.filter((f) => f.secret).map((f) => raw[f.key]);
    const redactor = createRedactor(secrets.filter((s): s is string => typeof s === "string"));
    const safe = problems.map((problem) => redactor.text(problem));
    const message =
      safe.length === 1
        ? `invalid configuration: ${safe[0]}`
        : `invalid configuration (${safe.length} problems):\n${safe.map((p) => `  - ${p}`).join("\n")}`;
    throw new ConfigError(message, { details: { problems: safe } });
  }
  return { config: { ...base.data, ...own.data } as BaseConfig & z.output<S>, args: parsed.args };
};
