import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryLogger } from "../log/memory-logger.js";
import { createHttpClient } from "./client.js";
import { HttpError } from "./http-error.js";
import type { HttpClientOptions } from "./types.js";

const BASE = "https://api.example.test";
const TOKEN = "sk_live_4f9a8b7c6d5e";
const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 };
const anything = z.unknown();

const client = (overrides: Partial<HttpClientOptions> = {}) =>
  createHttpClient({
    service: "Example",
    baseUrl: BASE,
    authHeaders: { authorization: `Bearer ${TOKEN}` },
    retry: fast,
    ...overrides,
  });

const failure = async (promise: Promise<unknown>): Promise<HttpError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("requests", () => {
  it("sends auth, user agent, JSON body and encoded query to the joined URL", async () => {
    nock("https://api.example.test", {
      reqheaders: {
        authorization: `Bearer ${TOKEN}`,
        "user-agent": "baton-example/1.0",
        "content-type": "application/json",
        accept: "application/json",
      },
    })
      .post("/v1/group/g1/users", { emails: ["a@b.com"] })
      .query((q) => q.emails === "x@y.com" && q.limit === "5")
      .reply(201, async (req: Request) => ({ echoed: await req.json(), search: new URL(req.url).search }));
    const api = client({ baseUrl: `${BASE}/v1/`, userAgent: "baton-example/1.0" });
    const schema = z.object({ echoed: z.object({ emails: z.array(z.string()) }), search: z.string() });
    const res = await api.request({
      method: "POST",
      path: "/group/g1/users",
      query: { emails: "x@y.com", limit: 5 },
      body: { emails: ["a@b.com"] },
      schema,
    });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({ echoed: { emails: ["a@b.com"] }, search: "?emails=x%40y.com&limit=5" });
  });

  it("get() returns the validated data and counts calls per route template", async () => {
    nock(BASE).get("/users/2Nfkj3Xk1aVZqJ0A8Xl0o1R7vH9").reply(200, { id: "u1" });
    nock(BASE).get("/users/3Nfkj3Xk1aVZqJ0A8Xl0o1R7vH0").reply(200, { id: "u2" });
    nock(BASE).get("/groups/g/members").reply(200, { id: "g" });
    const api = client();
    const schema = z.object({ id: z.string() });
    expect(await api.get("/users/2Nfkj3Xk1aVZqJ0A8Xl0o1R7vH9", schema)).toEqual({ id: "u1" });
    await api.get("/users/3Nfkj3Xk1aVZqJ0A8Xl0o1R7vH0", schema);
    await api.request({ path: "/groups/g/members", route: "/groups/{groupId}/members", schema });
    expect(api.stats()).toEqual({ "GET /users/{id}": 2, "GET /groups/{groupId}/members": 1 });
  });

  it("returns an accepted non-2xx status instead of throwing", async () => {
    nock(BASE)
      .get("/spaces")
      .reply(404, { errors: [{ type: "not-found" }] });
    const res = await client().request({ path: "/spaces", schema: anything, acceptStatus: [404] });
    expect(res.status).toBe(404);
  });

  it("refuses a plain-http base URL for a remote host", () => {
    expect(() => client({ baseUrl: "http://api.example.test" })).toThrow(/plain http/);
  });
});

describe("status → typed error", () => {
  it.each([
    [400, "invalid-argument"],
    [422, "invalid-argument"],
    [401, "unauthenticated"],
    [403, "permission-denied"],
    [404, "not-found"],
    [409, "conflict"],
  ] as const)("%i → %s, not retried", async (status, code) => {
    nock(BASE).get("/thing").once().reply(status, { message: "nope" });
    const error = await failure(client().get("/thing", anything));
    expect(error).toMatchObject({ code, status, method: "GET", route: "/thing", service: "Example" });
    expect(error.message).toContain(`→ ${status}`);
    expect(error.bodyExcerpt).toBe('{"message":"nope"}');
  });

  it("429 after retries are exhausted → rate-limited; 5xx → unavailable", async () => {
    nock(BASE).get("/limited").times(3).reply(429, {}, { "retry-after": "0" });
    nock(BASE).get("/broken").times(3).reply(503, "upstream down");
    const api = client();
    expect(await failure(api.get("/limited", anything))).toMatchObject({ code: "rate-limited", status: 429 });
    expect(await failure(api.get("/broken", anything))).toMatchObject({
      code: "unavailable",
      status: 503,
      bodyExcerpt: "upstream down",
    });
    expect(api.stats()).toEqual({ "GET /limited": 3, "GET /broken": 3 });
  });

  it("lets the connector word the message (describeError)", async () => {
    nock(BASE).get("/workspace").reply(401, { error: "bad token" });
    const api = client({
      describeError: (status) =>
        status === 401 ? "the Example token was rejected (401): check BATON_TOKEN" : undefined,
    });
    const error = await failure(api.get("/workspace", anything));
    expect(error.code).toBe("unauthenticated");
    expect(error.message).toMatch(
      /^the Example token was rejected \(401\): check BATON_TOKEN \(Example GET \/workspace → 401/,
    );
  });

  it("a redirect is not followed (auth headers must not travel) → invalid-response", async () => {
    nock(BASE).get("/moved").reply(302, "", { location: "https://elsewhere.example.test/moved" });
    const error = await failure(client().get("/moved", anything));
    expect(error).toMatchObject({ code: "invalid-response", status: 302 });
    expect(error.message).toContain("check the base URL");
  });

  it("a host name that does not resolve is named in the message (a typo in a base URL is then visible)", async () => {
    const lookupFailure = Object.assign(new Error("getaddrinfo ENOTFOUND api.example.test"), {
      code: "ENOTFOUND",
    });
    nock(BASE).get("/who").times(3).replyWithError(lookupFailure);
    const error = await failure(client().get("/who", anything));
    expect(error).toMatchObject({ code: "unavailable", network: "dns" });
    expect(error.message).toBe(
      "Example GET /who could not resolve the host name api.example.test (ENOTFOUND)",
    );
  });

  it("a body that is not JSON → invalid-response, after the retries a GET allows", async () => {
    nock(BASE).get("/html").times(3).reply(200, "<html>oops</html>");
    const error = await failure(client().get("/html", anything));
    expect(error).toMatchObject({ code: "invalid-response", status: 200, malformedBody: true });
    expect(error.message).toContain("not JSON");
  });

  it("a cut-off JSON body is read again for a GET, never for a POST", async () => {
    nock(BASE).get("/users").reply(200, '{"data":{"users":[{"id"').get("/users").reply(200, { data: [] });
    const logger = createMemoryLogger();
    expect(await client({ logger }).get("/users", anything)).toEqual({ data: [] });
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: "warn",
        fields: expect.objectContaining({ reason: "malformed body" }),
      }),
    );

    nock(BASE).post("/users").reply(200, '{"data":{"id"');
    const error = await failure(client().request({ method: "POST", path: "/users", schema: anything }));
    expect(error).toMatchObject({ code: "invalid-response", malformedBody: true });
  });

  it("valid JSON of the wrong shape is not retried", async () => {
    nock(BASE)
      .get("/shape")
      .reply(200, { data: { users: "nope" } });
    const schema = z.object({ data: z.object({ users: z.array(z.string()) }) });
    const error = await failure(client().get("/shape", schema));
    expect(error).toMatchObject({ code: "invalid-response", malformedBody: false });
  });

  it("a body that fails the schema → invalid-response naming the field", async () => {
    nock(BASE)
      .get("/users")
      .reply(200, { data: { users: [{ email: "a@x" }, { email: "b@x" }, { email: "c@x" }, { email: 7 }] } });
    const schema = z.object({ data: z.object({ users: z.array(z.object({ email: z.string() })) }) });
    const error = await failure(client().get("/users", schema));
    expect(error.code).toBe("invalid-response");
    expect(error.message).toContain("data.users[3].email: expected string, received number");
  });
});

describe("retry policy", () => {
  it("retries a GET after 500 and succeeds", async () => {
    nock(BASE).get("/flaky").reply(500).get("/flaky").reply(200, { ok: true });
    const logger = createMemoryLogger();
    const api = client({ logger });
    expect(await api.get("/flaky", z.object({ ok: z.boolean() }))).toEqual({ ok: true });
    expect(logger.records.filter((r) => r.level === "warn")).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ route: "/flaky", retry: 1, reason: "500" }),
      }),
    ]);
  });

  it("does NOT retry a POST that got a 500 (it may have been processed)", async () => {
    nock(BASE).post("/invites").once().reply(500);
    const api = client();
    expect(
      await failure(api.request({ method: "POST", path: "/invites", body: {}, schema: anything })),
    ).toMatchObject({
      code: "unavailable",
    });
    expect(api.stats()).toEqual({ "POST /invites": 1 });
  });

  it("retries a POST marked idempotent after a 500", async () => {
    nock(BASE).post("/search").reply(502).post("/search").reply(200, {});
    const api = client();
    await api.request({
      method: "POST",
      path: "/search",
      body: {},
      schema: anything,
      retryMode: "idempotent",
    });
    expect(api.stats()).toEqual({ "POST /search": 2 });
  });

  it("retries a POST marked unprocessed after a 429 (it was not processed), not after a 500", async () => {
    nock(BASE)
      .post("/invites")
      .reply(429, {}, { "retry-after": "0" })
      .post("/invites")
      .reply(201, { id: "i1" })
      .post("/invites")
      .reply(500);
    const api = client();
    const create = () =>
      api.request({
        method: "POST",
        path: "/invites",
        body: {},
        schema: z.object({ id: z.string() }),
        retryMode: "unprocessed",
      });
    expect((await create()).data).toEqual({ id: "i1" });
    expect(await failure(create())).toMatchObject({ code: "unavailable", status: 500 });
    expect(api.stats()).toEqual({ "POST /invites": 3 });
  });

  it.each([
    ["429 with Retry-After", (scope: nock.Interceptor) => scope.reply(429, {}, { "retry-after": "0" })],
    ["503", (scope: nock.Interceptor) => scope.reply(503)],
  ])("sends a write without a retry mode once, whatever the failure: %s", async (_name, respond) => {
    respond(nock(BASE).put("/users/u1/permissions"));
    const api = client();
    const error = await failure(
      api.request({
        method: "PUT",
        path: "/users/u1/permissions",
        route: "/users/{id}/permissions",
        body: { permissions: [] },
        schema: anything,
      }),
    );
    expect(["rate-limited", "unavailable"]).toContain(error.code);
    expect(api.stats()).toEqual({ "PUT /users/{id}/permissions": 1 });
  });

  it("sends a request marked never once, even a GET after a 503", async () => {
    nock(BASE).get("/once").reply(503);
    const api = client();
    await failure(api.request({ path: "/once", schema: anything, retryMode: "never" }));
    expect(api.stats()).toEqual({ "GET /once": 1 });
  });

  it("checks the precondition right before every attempt; its rejection ends the request unsent", async () => {
    nock(BASE).delete("/members/m1").reply(503).delete("/members/m1").reply(200, {});
    const api = client();
    const checks: number[] = [];
    await api.request({
      method: "DELETE",
      path: "/members/m1",
      route: "/members/{id}",
      schema: anything,
      retryMode: "idempotent",
      precondition: async () => {
        checks.push(checks.length + 1);
      },
    });
    expect(checks).toEqual([1, 2]);
    expect(api.stats()).toEqual({ "DELETE /members/{id}": 2 });

    const stale = new Error("the list changed since it was read");
    const refused = api.request({
      method: "PUT",
      path: "/members",
      schema: anything,
      retryMode: "idempotent",
      precondition: () => Promise.reject(stale),
    });
    await expect(refused).rejects.toBe(stale);
    expect(api.stats()).toEqual({ "DELETE /members/{id}": 2 });
  });

  it("exposes its retry policy, defaults filled in", () => {
    expect(client().retryPolicy).toEqual({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 });
    expect(createHttpClient({ service: "X", baseUrl: BASE }).retryPolicy).toEqual({
      maxAttempts: 6,
      baseDelayMs: 500,
      maxDelayMs: 60_000,
    });
  });

  it("stops at maxAttempts", async () => {
    nock(BASE).get("/down").times(4).reply(503);
    const api = client({ retry: { ...fast, maxAttempts: 4 } });
    await failure(api.get("/down", anything));
    expect(api.stats()).toEqual({ "GET /down": 4 });
  });

  it("honours a server-advised wait, capped at maxDelayMs, and logs it", async () => {
    nock(BASE)
      .get("/slow")
      .reply(429, { errors: [{ data: { msBeforeNext: 3_600_000 } }] })
      .get("/slow")
      .reply(200, {});
    const logger = createMemoryLogger();
    const api = client({
      logger,
      retry: { ...fast, maxDelayMs: 30 },
      retryAfterFromBody: (body) =>
        (body as { errors: { data: { msBeforeNext: number } }[] }).errors[0]?.data.msBeforeNext,
    });
    const started = performance.now();
    await api.get("/slow", anything);
    const elapsed = performance.now() - started;
    // Waited the capped 30 ms, not the advised hour (the bound leaves room for any busy machine).
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(60_000);
    const warn = logger.records.find((r) => r.level === "warn");
    expect(warn?.fields).toMatchObject({
      waitMs: 30,
      serverAdvised: true,
      reason: "429",
      code: "rate-limited",
    });
  });

  it("backs off with full jitter below the exponential ceiling", async () => {
    nock(BASE).get("/x").times(5).reply(500);
    const logger = createMemoryLogger();
    const api = client({ logger, retry: { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 10 } });
    await failure(api.get("/x", anything));
    const waits = logger.records.filter((r) => r.level === "warn").map((r) => r.fields.waitMs as number);
    expect(waits).toHaveLength(4);
    // Ceilings: 4, 8, 10 (capped), 10 (capped).
    [4, 8, 10, 10].forEach((ceiling, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(0);
      expect(waits[i]).toBeLessThanOrEqual(ceiling);
    });
  });

  it("aborts a pending wait promptly when the signal fires", async () => {
    nock(BASE).get("/wait").reply(429, {}, { "retry-after": "3600" });
    const controller = new AbortController();
    const api = client({ retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 3_600_000 } });
    const started = performance.now();
    const pending = api.get("/wait", anything, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("sync interrupted")), 30);
    await expect(pending).rejects.toThrow("sync interrupted");
    // Not the hour Retry-After asked for (the bound leaves room for any busy machine).
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it("refuses to start with an already-aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client().get("/never", anything, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});

describe("pacing", () => {
  it("spaces calls of one rule, shared by concurrent callers", async () => {
    nock(BASE).post("/writes").times(4).reply(200, {});
    const api = client({ pacing: [{ name: "writes", methods: ["POST"], perSecond: 50 }] });
    const started = performance.now();
    const stamps: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        await api.request({ method: "POST", path: "/writes", body: {}, schema: anything });
        stamps.push(performance.now() - started);
      }),
    );
    // 50/s with burst 1: starts at 0, 20, 40, 60 ms. (No upper bound: a busy machine only delays; the
    // pacer's schedule itself is tested with a fake clock in token-bucket.test.ts.)
    expect(Math.max(...stamps)).toBeGreaterThanOrEqual(55);
  });

  it("waits for the reset when the server says no requests remain", async () => {
    nock(BASE)
      .get("/a")
      .reply(200, {}, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.1" })
      .get("/a")
      .reply(200, {});
    const api = client({ retry: { ...fast, maxDelayMs: 1000 } });
    await api.get("/a", anything);
    const started = performance.now();
    await api.get("/a", anything);
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("caps a server-advised pause at maxDelayMs", async () => {
    nock(BASE)
      .get("/a")
      .reply(200, {}, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "3600" })
      .get("/a")
      .reply(200, {});
    const api = client({ retry: { ...fast, maxDelayMs: 10 } });
    await api.get("/a", anything);
    const started = performance.now();
    await api.get("/a", anything);
    // Not the hour the reset header asked for (the bound leaves room for any busy machine).
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});

describe("secrets never leak", () => {
  const secretsIn = (error: HttpError, logText: string) => {
    const surfaces = [String(error), error.stack ?? "", JSON.stringify(error), error.message, logText];
    return surfaces.filter((surface) => surface.includes(TOKEN));
  };

  it.each([
    [
      "401 echoing the token",
      (scope: nock.Interceptor) => scope.reply(401, { error: `invalid token ${TOKEN}` }),
    ],
    [
      "403 with the token in a header and body",
      (scope: nock.Interceptor) => scope.reply(403, `denied for Bearer ${TOKEN}`, { "x-token": TOKEN }),
    ],
    [
      "400 with the token under a credential key",
      (scope: nock.Interceptor) => scope.reply(400, { apiToken: "other-secret-val", msg: TOKEN }),
    ],
    [
      "503 echoing the URL with the token",
      (scope: nock.Interceptor) => scope.times(3).reply(503, `GET ${BASE}/x?token=${TOKEN} failed`),
    ],
    [
      "429 echoing the token",
      (scope: nock.Interceptor) => scope.times(3).reply(429, TOKEN, { "retry-after": "0" }),
    ],
    ["invalid JSON echoing the token", (scope: nock.Interceptor) => scope.reply(200, `<p>${TOKEN}</p>`)],
  ])("%s", async (_name, respond) => {
    respond(nock(BASE).get("/x").query(true));
    const logger = createMemoryLogger();
    const api = client({ logger, debug: true, secrets: [TOKEN] });
    const error = await failure(
      api.get(`/x?token=${TOKEN}`, z.object({}), { query: { token: TOKEN, q: TOKEN } }),
    );
    const logText = JSON.stringify(logger.records);
    expect(secretsIn(error, logText)).toEqual([]);
    expect(JSON.stringify(error)).not.toContain("other-secret-val");
    expect(logText).toContain("[REDACTED]");
  });

  it("redacts a secret used as a path segment from the route, the stats and the error", async () => {
    const key = "lettersonlysecret";
    nock(BASE).get(`/keys/${key}`).reply(404, {});
    const api = client({ secrets: [key] });
    const error = await failure(api.get(`/keys/${key}`, anything));
    expect(error.route).toBe("/keys/[REDACTED]");
    expect(JSON.stringify(api.stats())).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it("also redacts the bare token of a scheme-prefixed auth header without listing it as a secret", async () => {
    nock(BASE).get("/x").reply(401, { seen: TOKEN });
    const error = await failure(client().get("/x", anything));
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.message).toContain("[REDACTED]");
  });

  it("redacts its own error messages: a describeError that quotes the body cannot leak the token", async () => {
    // Only the client redacts here: nothing below goes through a redacting logger.
    nock(BASE)
      .get("/x")
      .reply(403, { detail: `token ${TOKEN} may not read /x` });
    const api = client({
      describeError: (_status, body) => `the server said ${JSON.stringify(body)}`,
    });
    const error = await failure(api.get("/x", anything));
    expect(error.message).toMatch(/^the server said .*\[REDACTED\]/);
    expect([error.message, String(error), error.stack ?? "", JSON.stringify(error)].join("\n")).not.toContain(
      TOKEN,
    );
  });

  it("debug logging records method, path, redacted query, status and duration", async () => {
    nock(BASE).get("/users").query(true).reply(200, {});
    const logger = createMemoryLogger();
    await client({ logger, debug: true }).get("/users", anything, {
      query: { limit: 10, api_key: "k-12345678" },
    });
    expect(logger.records).toEqual([
      {
        level: "debug",
        msg: "Example HTTP GET /users 200",
        fields: {
          method: "GET",
          path: "/users",
          query: { limit: "10", api_key: "[REDACTED]" },
          status: 200,
          durationMs: expect.any(Number),
        },
      },
    ]);
  });
});
