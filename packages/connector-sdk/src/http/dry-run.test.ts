import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpClient } from "./client.js";
import { DryRunAnswerNeededError } from "./dry-run-answer.js";
import { WriteJournal, withWriteJournal } from "./write-journal.js";

const BASE = "https://api.example.test/v2";
const TOKEN = "sk_live_4f9a8b7c6d5e";
const api = () =>
  createHttpClient({
    service: "Example",
    baseUrl: BASE,
    authHeaders: { authorization: `Bearer ${TOKEN}` },
    secrets: [TOKEN],
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
const envelope = z.object({ data: z.object({ id: z.string(), members: z.array(z.string()) }) });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("dry run in the HTTP client", () => {
  it("reads for real, records each write (path, query, redacted body) without sending it", async () => {
    nock("https://api.example.test")
      .get("/v2/groups/g1")
      .reply(200, { data: { id: "g1", members: ["a"] } });
    const http = api();
    const journal = new WriteJournal(true);
    let preconditionRan = false;
    await withWriteJournal(journal, async () => {
      const group = await http.get("/groups/g1", envelope);
      expect(group.data.members).toEqual(["a"]);
      // No interceptor for these: nock would fail the test if they were sent.
      const reply = await http.request({
        method: "POST",
        path: "/groups/g1/users",
        body: { emails: ["b@example.com"], apiToken: TOKEN },
        schema: envelope,
        precondition: async () => {
          preconditionRan = true;
        },
      });
      // Unwrapping an envelope and ignoring it (what connector clients do) works.
      expect(typeof reply.data.data).toBe("function");
      await http.request({
        method: "DELETE",
        path: "/group/g1/users",
        query: { emails: "a@example.com", key: TOKEN },
        schema: envelope,
      });
    });
    expect(preconditionRan).toBe(true);
    expect(journal.writes).toEqual([
      {
        service: "Example",
        method: "POST",
        path: "/v2/groups/g1/users",
        body: { emails: ["b@example.com"], apiToken: "[REDACTED]" },
        sent: false,
      },
      {
        service: "Example",
        method: "DELETE",
        path: "/v2/group/g1/users?emails=a%40example.com&key=[REDACTED]",
        sent: false,
      },
    ]);
    expect(http.stats()).toEqual({ "GET /groups/g1": 1 });
  });

  it("stops with a clear error when a step uses a write's answer, instead of guessing it", async () => {
    const http = api();
    const created = await withWriteJournal(new WriteJournal(true), () =>
      http.request({ method: "POST", path: "/groups", body: { name: "n" }, schema: envelope }),
    );
    const uses: [string, () => unknown][] = [
      ["as text", () => `/groups/${created.data.data.id}`],
      ["as a number", () => Number(created.data.data.id)],
      ["in a loop", () => [...(created.data.data.members as unknown as string[])]],
      ["as JSON", () => JSON.stringify(created.data)],
      ["by calling it", () => created.data.data.members.map((m) => m)],
      ["by its keys", () => Object.keys(created.data.data)],
      ["by its status", () => created.status],
    ];
    for (const [how, use] of uses) {
      let error: unknown;
      try {
        use();
      } catch (caught) {
        error = caught;
      }
      expect(error, how).toBeInstanceOf(DryRunAnswerNeededError);
      expect((error as Error).message).toMatch(
        /^dry run stopped: the connector's next step uses the answer of Example POST \/groups/,
      );
    }
    // Awaiting the answer is not a use: it is not a thenable.
    expect(await Promise.resolve(created.data)).toBe(created.data);
  });

  it("stops at a write the connector marks answerNeeded, after recording it", async () => {
    const journal = new WriteJournal(true);
    await expect(
      withWriteJournal(journal, () =>
        api().request({
          method: "POST",
          path: "/groups",
          body: { name: "n" },
          schema: envelope,
          answerNeeded: true,
        }),
      ),
    ).rejects.toThrow(/answer of Example POST \/groups, which only a real write returns/);
    expect(journal.writes).toHaveLength(1);
  });

  it("in a real run records each write sent, with its status, into the journal and its parent", async () => {
    nock("https://api.example.test")
      .post("/v2/groups/g1/users", { emails: ["b"] })
      .reply(200, { data: { id: "g1", members: ["b"] } });
    const outer = new WriteJournal(false);
    const inner = new WriteJournal(false);
    await withWriteJournal(outer, () =>
      withWriteJournal(inner, () =>
        api().request({
          method: "POST",
          path: "/groups/g1/users",
          body: { emails: ["b"] },
          schema: envelope,
        }),
      ),
    );
    const sent = {
      service: "Example",
      method: "POST",
      path: "/v2/groups/g1/users",
      body: { emails: ["b"] },
      sent: true,
      status: 200,
    };
    expect(inner.writes).toEqual([sent]);
    expect(outer.writes).toEqual([sent]);
    expect(outer.sentSince(0)).toBe(true);
  });
});
