/**
 * A sync's session (baton-sdk's session store): what one connector call learns that a later call of
 * the same sync needs, e.g. permissions read while listing users, used by their grants. Values are JSON
 * and typed by the caller (`get<Permission[]>(key)`).
 *
 * During a sync the session is persisted in the c1z's work database, in the same transaction as the
 * page whose call wrote it, so a sync that is killed and run again sees exactly what the killed run had
 * committed; a call whose page is not written (it failed, or the run stopped first) leaves no trace.
 * Writes of a call are visible to that call at once and to other calls once its page is done. The
 * session is cleared when the sync finishes and is never part of the saved c1z. Outside a sync
 * (validate, grant, revoke) it lives in memory for the one operation.
 */
export interface SessionStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** The values of the keys that have one (absent keys are left out). */
  getMany<T = unknown>(keys: readonly string[]): Promise<Map<string, T>>;
  /** Stores a JSON value (what JSON.stringify keeps of it); `undefined` deletes the key. */
  set(key: string, value: unknown): Promise<void>;
  setMany(entries: Iterable<readonly [key: string, value: unknown]>): Promise<void>;
  delete(keys: string | readonly string[]): Promise<void>;
  /** Deletes every key of this store (all of the session, or all under this view's prefix). */
  clear(): Promise<void>;
  /** A view whose keys are prefixed with `prefix` (views nest): one namespace per concern. */
  withPrefix(prefix: string): SessionStore;
}

/** The longest key, prefix included. */
export const MAX_SESSION_KEY_LENGTH = 1024;
/** The largest value, as JSON text. */
export const MAX_SESSION_VALUE_BYTES = 8 * 1024 * 1024;
