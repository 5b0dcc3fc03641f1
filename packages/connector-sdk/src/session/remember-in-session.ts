import { MAX_SESSION_VALUE_BYTES, type SessionStore } from "../contract/session.js";

/**
 * A value a sync needs in one piece (a role list, a catalog of scopes): read from the session when a
 * call of this sync, or of the killed run it resumes, already kept it; otherwise loaded and kept, so a
 * resumed sync does not load it again. A value too large for the session is returned without being
 * kept (a resumed sync then loads it again): the session saves work, it must never fail a sync.
 */
export const rememberInSession = async <T>(
  session: SessionStore,
  key: string,
  load: () => Promise<T>,
): Promise<T> => {
  const kept = await session.get<T>(key);
  if (kept !== undefined) return kept;
  const value = await load();
  if ((JSON.stringify(value)?.length ?? 0) <= MAX_SESSION_VALUE_BYTES) await session.set(key, value);
  return value;
};
