import { ConfigError, isConnectorError } from "../errors.js";

/**
 * Failures caused by what a flag gave, turned into usage errors that name the flag (exit 2, "fix the
 * command line"): a `--file` the c1z store cannot use (a directory, a missing or read-only directory, a
 * read-only file) and a `--grant-principal-type` the entitlement cannot be granted to. The store and the
 * engine word the problem; only the program knows which flag it came from. Matched by name, so that the
 * program layer does not load the c1z store to recognise its error.
 */
export const asFlagError = (error: unknown): unknown => {
  if (error instanceof Error && error.name === "C1zPathError") {
    return new ConfigError(`--file (-f, BATON_FILE): ${error.message}`, { cause: error });
  }
  if (isConnectorError(error) && error.details?.field === "principalType") {
    return new ConfigError(`--grant-principal-type (BATON_GRANT_PRINCIPAL_TYPE): ${error.message}`, {
      cause: error,
      details: error.details,
    });
  }
  return error;
};
