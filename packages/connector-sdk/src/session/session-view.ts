import type { SessionStore } from "../contract/session.js";
import { MAX_SESSION_KEY_LENGTH, MAX_SESSION_VALUE_BYTES } from "../contract/session.js";
import { ContractError } from "../errors.js";

/** Where a view's JSON text goes: a memory map, or a sync's layers down to the work database. */
export interface SessionBackend {
  read(key: string): string | undefined;
  /** `undefined` deletes. */
  write(key: string, json: string | undefined): void;
  clear(prefix: string): void;
}

const checkedKey = (key: string): string => {
  if (typeof key !== "string" || key === "") {
    throw new ContractError(`session keys are non-empty strings, got ${JSON.stringify(key)}`);
  }
  if (key.length > MAX_SESSION_KEY_LENGTH) {
    throw new ContractError(
      `session key ${JSON.stringify(`${key.slice(0, 60)}…`)} is ${key.length} characters long; the limit is ${MAX_SESSION_KEY_LENGTH}`,
    );
  }
  return key;
};

const encode = (key: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new ContractError(
      `session value of ${JSON.stringify(key)} cannot be stored as JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (json === undefined) {
    throw new ContractError(`session value of ${JSON.stringify(key)} is a ${typeof value}; store JSON data`);
  }
  if (json.length > MAX_SESSION_VALUE_BYTES) {
    throw new ContractError(
      `session value of ${JSON.stringify(key)} is ${json.length} characters of JSON; the limit is ${MAX_SESSION_VALUE_BYTES}: store it in parts`,
    );
  }
  return json;
};

/**
 * The SessionStore a connector sees, over any backend: keys are prefixed and checked, values are
 * JSON. The backend is synchronous (memory, SQLite); the interface is async so that a remote session
 * (ConductorOne's, in service mode) can stand behind it later without changing connectors.
 */
export class SessionView implements SessionStore {
  constructor(
    private readonly backend: SessionBackend,
    private readonly prefix = "",
  ) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const json = this.backend.read(checkedKey(this.prefix + key));
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const key of keys) {
      const json = this.backend.read(checkedKey(this.prefix + key));
      if (json !== undefined) found.set(key, JSON.parse(json) as T);
    }
    return found;
  }

  async set(key: string, value: unknown): Promise<void> {
    const full = checkedKey(this.prefix + key);
    this.backend.write(full, encode(full, value));
  }

  async setMany(entries: Iterable<readonly [key: string, value: unknown]>): Promise<void> {
    // Checked and encoded first: a bad entry stores none of them.
    const encoded: [string, string | undefined][] = [];
    for (const [key, value] of entries) {
      const full = checkedKey(this.prefix + key);
      encoded.push([full, encode(full, value)]);
    }
    for (const [key, json] of encoded) this.backend.write(key, json);
  }

  async delete(keys: string | readonly string[]): Promise<void> {
    for (const key of typeof keys === "string" ? [keys] : keys) {
      this.backend.write(checkedKey(this.prefix + key), undefined);
    }
  }

  async clear(): Promise<void> {
    this.backend.clear(this.prefix);
  }

  withPrefix(prefix: string): SessionStore {
    return new SessionView(this.backend, this.prefix + prefix);
  }
}
