import type { z } from "zod";
import type { FieldKind } from "./field-spec.js";
import { configFields } from "./load-config.js";

/** One setting as the `config` command prints it. */
export interface ConfigFieldDescription {
  readonly key: string;
  readonly flag: string;
  readonly short?: string;
  readonly env: string;
  readonly type: FieldKind;
  readonly itemType?: Exclude<FieldKind, "list">;
  readonly choices?: readonly string[];
  readonly secret: boolean;
  readonly hidden: boolean;
  readonly required: boolean;
  /** Left out for secrets and for fields without a default. */
  readonly default?: unknown;
  readonly description: string;
}

/** Every setting of a connector (Baton's base settings first), for tools and the `config` command. */
export const describeConfig = (connectorSchema: z.ZodObject): ConfigFieldDescription[] => {
  const { base, connector } = configFields(connectorSchema);
  return [...base, ...connector].map((field) => ({
    key: field.key,
    flag: `--${field.flag}`,
    ...(field.short === undefined ? {} : { short: `-${field.short}` }),
    env: field.env,
    type: field.kind,
    ...(field.itemKind === undefined ? {} : { itemType: field.itemKind }),
    ...(field.choices === undefined ? {} : { choices: field.choices }),
    secret: field.secret,
    hidden: field.hidden,
    required: field.required,
    ...(field.default === undefined || field.secret ? {} : { default: field.default }),
    description: field.description,
  }));
};
