/**
 * Secret redaction shared by the logger, the HTTP client and config errors.
 *
 * Two rules: every registered secret value is replaced wherever it appears in text (also in its
 * URL-encoded form, since tokens end up in query strings), and values under keys that name a
 * credential (token, secret, password, authorization, apiKey, cookie) are replaced whole.
 */
import { errorShape } from "./error-shape.js";

export const REDACTED = "[REDACTED]";

/**
 * Values this short cannot be real credentials; redacting them would mangle every line (a test
 * secret "x" would blank out each x).
 */
const MIN_SECRET_LENGTH = 4;

const SECRET_KEY_SUFFIXES = ["token", "secret", "password", "passwd", "apikey", "authorization", "cookie"];

/** Whether a field or header name names a credential (`apiToken`, `x-api-key`, `client_secret`). */
export const isSecretKey = (key: string): boolean => {
  const normalised = key.toLowerCase().replace(/[-_\s]/g, "");
  return SECRET_KEY_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The forms in which a secret can show up in text: as is, URL-encoded, and form-encoded. */
const secretForms = (secret: string): string[] => {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms];
};

export interface Redactor {
  /** Replaces every secret in `text`. */
  text(text: string): string;
  /** Deep copy of `value` with secrets and credential-named keys replaced; errors become plain objects. */
  value(value: unknown): unknown;
  /** The same redactor with more secrets. */
  with(secrets: readonly (string | undefined)[]): Redactor;
  readonly secrets: readonly string[];
}

const MAX_DEPTH = 8;

export const createRedactor = (secrets: readonly (string | undefined)[] = []): Redactor => {
  const unique = [
    ...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)),
  ];
  // Longest first, so that a secret containing another is replaced whole.
  const forms = [...new Set(unique.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  const pattern = forms.length === 0 ? undefined : new RegExp(forms.map(escapeRegExp).join("|"), "g");

  const text = (input: string): string => (pattern === undefined ? input : input.replace(pattern, REDACTED));

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === "string") return text(value);
    if (typeof value === "bigint") return value.toString();
    if (value === null || typeof value !== "object") {
      return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
    }
    if (seen.has(value)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Truncated]";
    seen.add(value);
    try {
      if (value instanceof Error) return walk(errorShape(value), depth, seen);
      if (value instanceof Date) return value.toISOString();
      if (value instanceof URL) return text(value.toString());
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
      if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
      if (value instanceof Set) return walk([...value], depth, seen);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[text(key)] =
          isSecretKey(key) && item !== undefined && item !== null && item !== ""
            ? REDACTED
            : walk(item, depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  return {
    secrets: unique,
    text,
    value: (value) => walk(value, 0, new WeakSet()),
    with: (more) => createRedactor([...unique, ...more]),
  };
};

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text` with `[REDACTED]`. */
export const redact = (text: string, secrets: readonly (string | undefined)[]): string =>
  createRedactor(secrets).text(text);

/** A plain, redacted, JSON-safe description of an error for log fields. */
export const serializeError = (error: unknown, secrets: readonly string[] = []): unknown =>
  createRedactor(secrets).value(error instanceof Error ? error : { message: String(error) });
