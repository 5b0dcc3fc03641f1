import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors.js";
import { HttpError } from "../http/http-error.js";
import { WriteJournal, withWriteJournal } from "../http/write-journal.js";
import { createMemoryLogger } from "../log/memory-logger.js";
import { applyChange } from "./apply-change.js";
import type { Change } from "./change.js";
import { diffByKey } from "./list-diff.js";

/**
 * A fake tenant: one principal's list of roles, replaced whole by each write (like a PUT), with hooks
 * that let "another admin" act or a fault strike at a chosen request.
 */
interface Tenant {
  roles: string[];
  reads: number;
  writes: string[][];
  /** Runs before read number n (1-based) is answered. */
  beforeRead: Map<number, () => void>;
  /** Decides what the n-th write does: applied or not, and which error the caller sees. */
  onWrite: Map<number, { apply: boolean; error?: HttpError; after?: () => void }>;
}

const tenant = (roles: string[]): Tenant => ({
  roles,
  reads: 0,
  writes: [],
  beforeRead: new Map(),
  onWrite: new Map(),
});

const httpError = (status: number): HttpError =>
  new HttpError({
    code: status === 429 ? "rate-limited" : status >= 500 ? "unavailable" : "invalid-argument",
    message: `Fake PUT /roles → ${status}`,
    service: "Fake",
    method: "PUT",
    route: "/roles",
    status,
    ...(status === 429 ? { retryAfterMs: 0 } : {}),
  });

/** Revoke `role` by writing the whole list back without it; refuse to remove the last role. */
const revoke = (t: Tenant, role: string): Change<string[], string[]> => ({
  description: `revoke of ${role}`,
  read: async () => {
    t.reads += 1;
    t.beforeRead.get(t.reads)?.();
    return [...t.roles];
  },
  plan: (roles) => {
    if (!roles.includes(role)) return { kind: "unchanged" };
    const rest = roles.filter((r) => r !== role);
    if (rest.length === 0) throw new ConnectorError("failed-precondition", "the last role cannot be revoked");
    return { kind: "write", write: rest, expected: rest };
  },
  write: async (list, { precondition, signal }) => {
    await precondition(signal);
    const n = t.writes.push(list);
    const rule = t.onWrite.get(n);
    if (rule === undefined || rule.apply) t.roles = [...list];
    rule?.after?.();
    if (rule?.error) throw rule.error;
  },
  diff: (from, to) =>
    diffByKey(
      from,
      to,
      (r) => r,
      (r) => r,
    ),
});

const run = (change: Change<string[], string[]>, logger = createMemoryLogger()) =>
  applyChange(change, {
    signal: new AbortController().signal,
    logger,
    policy: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
  });

describe("applyChange", () => {
  it("writes once, reading before, just before the write and after it", async () => {
    const t = tenant(["admin", "viewer"]);
    expect(await run(revoke(t, "viewer"))).toEqual({ kind: "applied" });
    expect(t.roles).toEqual(["admin"]);
    expect(t.writes).toEqual([["admin"]]);
    expect(t.reads).toBe(3);
  });

  it("reports unchanged, writing nothing, when the live state already shows the change", async () => {
    const t = tenant(["admin"]);
    expect(await run(revoke(t, "viewer"))).toEqual({ kind: "unchanged" });
    expect(t.writes).toEqual([]);
  });

  it("lets a refusal through, writing nothing", async () => {
    const t = tenant(["viewer"]);
    await expect(run(revoke(t, "viewer"))).rejects.toThrow("the last role cannot be revoked");
    expect(t.writes).toEqual([]);
  });

  it("plans again when another admin changes the list between the read and the write", async () => {
    const t = tenant(["admin", "viewer"]);
    t.beforeRead.set(2, () => t.roles.push("auditor"));
    expect(await run(revoke(t, "viewer"))).toEqual({ kind: "applied" });
    expect(t.roles).toEqual(["admin", "auditor"]);
    expect(t.writes).toEqual([["admin", "auditor"]]);
  });

  it("re-checks the refusals on the new plan", async () => {
    const t = tenant(["admin", "viewer"]);
    t.beforeRead.set(2, () => t.roles.splice(0, 1));
    await expect(run(revoke(t, "viewer"))).rejects.toThrow("the last role cannot be revoked");
    expect(t.writes).toEqual([]);
    expect(t.roles).toEqual(["viewer"]);
  });

  it.each([
    ["a 429 (not applied)", false, 429],
    ["a 503 before it was applied", false, 503],
    ["a 503 after it was applied", true, 503],
  ])("after %s while another admin acts, never re-sends the stale list", async (_name, apply, status) => {
    const t = tenant(["admin", "viewer", "owner"]);
    t.onWrite.set(1, { apply, error: httpError(status), after: () => t.roles.push("auditor") });
    expect(await run(revoke(t, "viewer"))).toEqual({ kind: "applied" });
    expect(t.roles.sort()).toEqual(["admin", "auditor", "owner"]);
    for (const written of t.writes.slice(1)) expect(written).toContain("auditor");
  });

  it("takes a maybe-applied write that reads back right as done, without writing again", async () => {
    const t = tenant(["admin", "viewer"]);
    t.onWrite.set(1, { apply: true, error: httpError(502) });
    expect(await run(revoke(t, "viewer"))).toEqual({ kind: "applied" });
    expect(t.writes).toHaveLength(1);
  });

  it("fails naming the difference when the read-back is not exactly the planned change", async () => {
    const t = tenant(["admin", "viewer"]);
    t.onWrite.set(1, { apply: true, after: () => t.roles.push("owner") });
    const error = await run(revoke(t, "viewer")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe("conflict");
    expect((error as Error).message).toMatch(/revoke of viewer was written, but .*added: owner/);
    expect(t.writes).toHaveLength(1);
  });

  it("gives up with a conflict naming the last difference when the list keeps changing", async () => {
    const t = tenant(["admin", "viewer"]);
    for (let read = 2; read <= 8; read += 2) t.beforeRead.set(read, () => t.roles.push(`extra${read}`));
    const error = await run(revoke(t, "viewer")).catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("conflict");
    expect((error as Error).message).toMatch(
      /kept changing .*4 attempts.*added: extra8.*Nothing was overwritten/,
    );
    expect(t.writes).toEqual([]);
  });

  it("does not repeat a write the server refused with a verdict (4xx)", async () => {
    const t = tenant(["admin", "viewer"]);
    t.onWrite.set(1, { apply: false, error: httpError(422) });
    await expect(run(revoke(t, "viewer"))).rejects.toMatchObject({ code: "invalid-argument" });
    expect(t.writes).toHaveLength(1);
  });

  it("after the attempts run out on 429s, says the change was not made and logs each repeat", async () => {
    const t = tenant(["admin", "viewer"]);
    for (let n = 1; n <= 4; n++) t.onWrite.set(n, { apply: false, error: httpError(429) });
    const logger = createMemoryLogger();
    const error = await run(revoke(t, "viewer"), logger).catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe("rate-limited");
    expect((error as Error).message).toMatch(/revoke of viewer was not made after 4 attempts/);
    expect(t.roles).toEqual(["admin", "viewer"]);
    expect(logger.records.filter((r) => r.msg.startsWith("repeating revoke of viewer"))).toHaveLength(3);
  });

  it("in a dry run reads, does not read back, and records the planned differences as the expected outcome", async () => {
    const t = tenant(["admin", "viewer"]);
    const journal = new WriteJournal(true);
    // The fake's write stands for an HTTP client in a dry run: it runs the precondition and sends nothing.
    const change = revoke(t, "viewer");
    const dry = {
      ...change,
      write: async (
        _list: string[],
        request: { precondition: (s: AbortSignal) => Promise<void>; signal: AbortSignal },
      ) => request.precondition(request.signal),
    };
    expect(await withWriteJournal(journal, () => run(dry))).toEqual({ kind: "applied" });
    expect(t.roles).toEqual(["admin", "viewer"]);
    expect(t.reads).toBe(2);
    expect(journal.expected).toEqual([{ description: "revoke of viewer", differences: ["removed: viewer"] }]);
  });
});
