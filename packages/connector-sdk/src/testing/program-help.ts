/**
 * A flag of a Go Baton program's `--help`, as `[short, long, type, variable, default]`. A program built on
 * this sdk lists each with the same names, type, variable and default, so that people and manifests can
 * switch programs without relearning anything; connector tests check their program's help with these.
 */
export type GoFlag = readonly [short: string, long: string, type: string, env: string, defaultValue: string];

/** The visible flags every Go connector program of the baton-sdk generation we replace lists. */
export const GO_BASE_FLAGS: readonly GoFlag[] = [
  ["", "client-id", "string", "BATON_CLIENT_ID", ""],
  ["", "client-secret", "string", "BATON_CLIENT_SECRET", ""],
  ["f", "file", "string", "BATON_FILE", '(default "sync.c1z")'],
  ["", "log-format", "string", "BATON_LOG_FORMAT", '(default "json")'],
  ["", "log-level", "string", "BATON_LOG_LEVEL", '(default "info")'],
];

/** The hidden one-shot flags of Baton's CLI: accepted, not listed. */
export const GO_HIDDEN_FLAGS = [
  "--grant-entitlement",
  "--grant-principal",
  "--grant-principal-type",
  "--revoke-grant",
  "--c1z-temp-dir",
] as const;

/** The help line of one flag, as a pattern: names, type, then the description ending in the variable. */
export const helpLinePattern = ([short, long, type, env, defaultValue]: GoFlag): RegExp => {
  const names = short === "" ? ` {6}--${long}` : ` {2}-${short}, --${long}`;
  const typePart = type === "" ? "" : ` ${type}`;
  const tail = defaultValue === "" ? "" : ` ${defaultValue.replace(/[()]/g, "\\$&")}`;
  return new RegExp(`^${names}${typePart} +.*\\(\\$${env}\\)${tail}$`, "m");
};
