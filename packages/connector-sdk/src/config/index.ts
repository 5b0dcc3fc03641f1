export { type BaseConfig, baseConfigSchema, checkBaseConfig } from "./base-config.js";
export { type ConfigFieldDescription, describeConfig } from "./describe-config.js";
export { envName, type FieldKind, type FieldSpec, fieldSpec, fieldSpecs, kebabCase } from "./field-spec.js";
export { configFields, type LoadConfigInput, type LoadedConfig, loadConfig } from "./load-config.js";
export { type ConfigFieldMeta, secret } from "./meta.js";
export { type HelpCommand, type RenderHelpOptions, renderHelp } from "./render-help.js";
