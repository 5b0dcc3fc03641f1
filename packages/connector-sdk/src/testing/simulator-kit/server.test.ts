import { afterEach, describe, expect, it } from "vitest";
import { onNthRequest } from "../simulator-hooks.js";
import { tokenAuth } from "./authorization.js";
import { queryWithArrays } from "./request-log.js";
import type { SimulatorRoute } from "./router.js";
import { type SimulatorServer, type SimulatorServerOptions, startSimulatorServer } from "./server.js";
import { SimulatorError } from "./simulator-error.js";

/** A toy API: notes by id, behind `Bearer good`, errors as `{error: {code, message}}`. */
interface Context {
  readonly notes: Map<string, string>;
  readonly id: string | undefined;
  readonly body: unknown;
  readonly who: string;
}
type Route = SimulatorRoute<Context, { status?: number; data: unknown }> & { readonly write?: boolean };

const fail = (status: number, code: string, headers: Record<string, string> = {}) =>
  new SimulatorError(status, { error: { code } }, headers);

const routes: Route[] = [
  { method: "GET", route: "/notes", handle: (ctx) => ({ data: [...ctx.notes.values()] }) },
  {
    method: "GET",
    route: "/notes/{id}",
    handle: (ctx) => {
      const note = ctx.notes.get(ctx.id ?? "");
      if (note === undefined) throw fail(404, "no-such-note");
      return { data: note };
    },
  },
  {
    method: "PUT",
    route: "/notes/{id}",
    write: true,
    handle: (ctx) => {
      if (typeof ctx.body !== "string") throw fail(422, "text-expected");
      ctx.notes.set(ctx.id ?? "", ctx.body);
      return { status: 201, data: { by: ctx.who } };
    },
  },
  {
    method: "GET",
    route: "/boom",
    handle: () => {
      throw new TypeError("a bug");
    },
  },
];

let server: SimulatorServer<Record<string, string | string[]>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async (
  overrides: Partial<SimulatorServerOptions<string, Route, Record<string, string | string[]>>> = {},
) => {
  const notes = new Map([["1", "first"]]);
  server = await startSimulatorServer({
    routes,
    pathPrefix: "/api",
    paramPattern: "\\d+",
    authenticate: tokenAuth(
      "Bearer",
      (token) => (token === "good" ? "alice" : undefined),
      () => fail(401, "who"),
    ),
    context: ({ params, body, auth }) => ({ notes, id: params.id, body, who: auth }),
    respond: (result) => ({ status: result.status ?? 200, body: { data: result.data } }),
    errors: {
      notFound: (method, path) => fail(404, `no ${method} ${path}`),
      methodNotAllowed: (method) => fail(405, `no ${method}`),
      invalidJson: () => fail(400, "json"),
      bodyTooLarge: () => fail(413, "too-large"),
      internal: (error) => fail(500, String(error)),
    },
    logQuery: queryWithArrays,
    dumpState: () => ({ notes }),
    ...overrides,
  });
  return { server, notes };
};

const call = async (path: string, init: { method?: string; token?: string | null; body?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? "good"}`;
  const response = await fetch(`${server?.url}${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === "" ? undefined : JSON.parse(text),
  };
};

describe("startSimulatorServer", () => {
  it("routes below the prefix, builds the context and wraps results with `respond`", async () => {
    const { notes } = await start();
    expect(await call("/api/notes/1")).toMatchObject({ status: 200, json: { data: "first" } });
    const put = await call("/api/notes/2", { method: "PUT", body: JSON.stringify("second") });
    expect(put).toMatchObject({ status: 201, json: { data: { by: "alice" } } });
    expect(put.headers.get("content-type")).toBe("application/json");
    expect(notes.get("2")).toBe("second");
    expect(server?.calls()).toEqual({ "GET /notes/{id}": 1, "PUT /notes/{id}": 1 });
  });

  it("answers the vendor's errors: 401, 404, 405, bad JSON, a handler's error, a bug", async () => {
    await start();
    expect(await call("/api/notes", { token: "bad" })).toMatchObject({
      status: 401,
      json: { error: { code: "who" } },
    });
    expect(await call("/api/notes", { token: null })).toMatchObject({ status: 401 });
    expect(await call("/api/nope")).toMatchObject({ status: 404, json: { error: { code: "no GET /nope" } } });
    // `{id}` is digits only here: an id of letters is an unknown path.
    expect(await call("/api/notes/abc")).toMatchObject({ status: 404 });
    expect(await call("/api/notes", { method: "DELETE" })).toMatchObject({ status: 405 });
    expect(await call("/api/notes/3", { method: "PUT", body: "{nope" })).toMatchObject({
      status: 400,
      json: { error: { code: "json" } },
    });
    expect(await call("/api/notes/3", { method: "PUT", body: "42" })).toMatchObject({ status: 422 });
    expect(await call("/api/boom")).toMatchObject({
      status: 500,
      json: { error: { code: "TypeError: a bug" } },
    });
    expect(server?.requests.map((entry) => `${entry.status} ${entry.route}`)).toEqual([
      "401 /notes",
      "401 /notes",
      "404 /nope",
      "404 /notes/abc",
      "405 /notes",
      "400 /notes/{id}",
      "422 /notes/{id}",
      "500 /boom",
    ]);
  });

  it("checks the token before the path, unless routeBeforeAuth", async () => {
    await start();
    expect((await call("/api/nope", { token: "bad" })).status).toBe(401);
    await server?.close();
    await start({ routeBeforeAuth: true });
    expect((await call("/api/nope", { token: "bad" })).status).toBe(404);
    expect((await call("/api/notes", { token: "bad" })).status).toBe(401);
  });

  it("refuses a body over the limit with the vendor's error", async () => {
    await start({ maxBodyBytes: 10 });
    const big = await call("/api/notes/4", { method: "PUT", body: JSON.stringify("x".repeat(100)) });
    expect(big).toMatchObject({ status: 413, json: { error: { code: "too-large" } } });
  });

  it("puts `admit`'s headers on every reply and lets it refuse with a 429", async () => {
    let writes = 0;
    await start({
      admit: ({ route }) => {
        if (route?.write === true && ++writes > 1) throw fail(429, "slow-down", { "retry-after": "7" });
        return { "x-remaining": String(10 - writes) };
      },
    });
    const read = await call("/api/notes/1");
    expect(read.headers.get("x-remaining")).toBe("10");
    const missing = await call("/api/notes/9");
    expect([missing.status, missing.headers.get("x-remaining")]).toEqual([404, "10"]);
    expect((await call("/api/notes/5", { method: "PUT", body: '"a"' })).headers.get("x-remaining")).toBe("9");
    const limited = await call("/api/notes/5", { method: "PUT", body: '"b"' });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    expect(server?.requests.at(-1)).toMatchObject({ route: "/notes/{id}", status: 429 });
  });

  it("runs hooks before and after the handler; a reset is logged as status 0", async () => {
    const { notes } = await start();
    server?.hooks.push(
      onNthRequest((r) => r.method === "PUT", 1, {
        before: () => ({ status: 503, body: { error: "busy" } }),
      }),
      onNthRequest((r) => r.method === "PUT", 2, { after: () => ({ status: 500 }) }),
      onNthRequest((r) => r.route === "/notes", 1, { before: () => ({ reset: true }) }),
    );
    expect(await call("/api/notes/7", { method: "PUT", body: '"a"' })).toMatchObject({ status: 503 });
    expect(notes.has("7")).toBe(false);
    expect((await call("/api/notes/7", { method: "PUT", body: '"b"' })).status).toBe(500);
    expect(notes.get("7")).toBe("b");
    await expect(call("/api/notes")).rejects.toThrow();
    expect(server?.requests.map((entry) => entry.status)).toEqual([503, 500, 0]);
  });

  it("serves a state dump outside the API, unlogged, and can keep no log", async () => {
    await start({ logRequests: false });
    await call("/api/notes/1", { method: "PUT", body: '"changed"' });
    const dump = await fetch(`${server?.url}/_simulator/state`);
    expect(await dump.json()).toEqual({ notes: { "1": "changed" } });
    expect(server?.requests).toEqual([]);
  });

  it("logs the query in the chosen form and clears the log", async () => {
    await start();
    await call("/api/notes?tag=a&tag=b&limit=2");
    expect(server?.requests).toEqual([
      { method: "GET", path: "/notes", route: "/notes", query: { tag: ["a", "b"], limit: "2" }, status: 200 },
    ]);
    server?.clearRequests();
    expect(server?.requests).toEqual([]);
  });

  it("says which port is in use", async () => {
    const first = await start();
    const port = first.server.port;
    await expect(start({ port })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    server = first.server;
  });
});
