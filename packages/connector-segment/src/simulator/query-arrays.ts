import { validationError } from "./api-error.js";

/**
 * Reads an exploded array query parameter in every form Segment's SDKs send:
 * repeated `emails=a&emails=b` (Python), `emails.0=a` (Go since 2024-03), `emails[0]=a` (TS/qs) and
 * CSV `emails=a,b` (Go before 2024-03). A JSON-encoded array stays one literal value, as on the server.
 */
export const readArrayParam = (query: URLSearchParams, name: string): string[] => {
  const values: string[] = [];
  for (const [key, value] of query) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}(\\.\\d+|\\[\\d+\\])$`).test(key)) {
      values.push(...value.split(","));
    }
  }
  return values.filter((value) => value !== "");
};

const EMAIL = /^[^\s@"[\]<>,;]+@[^\s@"[\]<>,;]+\.[^\s@"[\]<>,;]+$/;

export const requireEmails = (values: readonly string[], field: string): string[] => {
  if (values.length === 0) throw validationError(`"${field}" is required`, field);
  values.forEach((value, index) => {
    if (!EMAIL.test(value))
      throw validationError(`"${field}[${index}]" must be a valid email`, `${field}[${index}]`);
  });
  return [...values];
};
