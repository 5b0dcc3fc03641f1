/**
 * The facts of an error worth logging: name, message, code, status, stack, cause
 * (and the request facts of an HttpError). Other own
 * properties are left out on purpose: HTTP libraries hang request options (with auth headers) on
 * their errors.
 */
export const errorShape = (error: Error): Record<string, unknown> => {
  const shape: Record<string, unknown> = { name: error.name, message: error.message };
  const record = error as unknown as Record<string, unknown>;
  if (record.code !== undefined) shape.code = record.code;
  if (typeof record.status === "number") shape.status = record.status;
  for (const key of ["method", "route", "service", "network", "bodyExcerpt", "details"]) {
    if (record[key] !== undefined) shape[key] = record[key];
  }
  if (error.stack !== undefined) shape.stack = error.stack;
  if (error.cause !== undefined) shape.cause = error.cause;
  return shape;
};
