import type { SessionStore } from "../contract/session.js";
import { DELETED, SessionOverlay } from "./session-overlay.js";
import { SessionView } from "./session-view.js";

/**
 * A session kept in memory: what validate, grant and revoke get (one operation, nothing to resume),
 * and what tests hand to connector code they call directly.
 */
export const memorySession = (): SessionStore => {
  const overlay = new SessionOverlay();
  return new SessionView({
    read: (key) => {
      const value = overlay.lookup(key);
      return value === undefined || value === DELETED ? undefined : value;
    },
    write: (key, json) => overlay.write(key, json ?? DELETED),
    clear: (prefix) => overlay.clear(prefix),
  });
};
