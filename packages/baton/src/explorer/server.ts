import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { C1zFile } from "@baton-ts/c1z";
import { C1zUsageError } from "@baton-ts/c1z";
import { BatonCliError } from "../cli/errors.js";
import { Lookups } from "../model/lookups.js";
import type { Change, ChangeKind } from "./api-types.js";
import { accessCsv, holdersCsv } from "./csv-exports.js";
import { ExplorerViews, requireParam } from "./views.js";

export interface ExplorerOptions {
  /** The c1z, opened read-only by the caller (the explorer never writes). */
  file: C1zFile;
  syncId: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningExplorer {
  /** The private link: http://127.0.0.1:<port>/<token>/ */
  url: string;
  port: number;
  views: ExplorerViews;
  close(): Promise<void>;
}

/** The files of the built UI that are served; nothing else under the assets directory is. */
const ASSETS: Record<string, string> = {
  "": "text/html; charset=utf-8",
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

// No request leaves for another origin: the app, its styles and its data come from this server only.
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/**
 * Serves the explorer for one sync of a c1z: on 127.0.0.1 only, every request under a random path token
 * that only the printed link carries (other users of the machine can reach the port, not the data),
 * requests for another Host refused (DNS rebinding), GET only.
 */
export async function startExplorer(options: ExplorerOptions): Promise<RunningExplorer> {
  const assets = uiAssetsDirectory();
  const token = randomBytes(24).toString("base64url");
  const views = new ExplorerViews(options.file, new Lookups(options.file, options.syncId));
  views.overview(); // computed once, before the link is handed out
  let port = 0;
  const server: Server = createServer((request, response) => {
    const started = performance.now();
    handle(request, response, { token, port, views, assets }, started).catch((error: unknown) => {
      send(response, 500, { error: error instanceof Error ? error.message : String(error) }, started);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new BatonCliError(`port ${options.port} is in use: pass another --port, or none for a free one`)
          : error,
      ),
    );
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    views,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Context {
  token: string;
  port: number;
  views: ExplorerViews;
  assets: string;
}

async function handle(request: IncomingMessage, response: ServerResponse, ctx: Context, started: number) {
  const host = request.headers.host ?? "";
  if (host !== `127.0.0.1:${ctx.port}` && host !== `localhost:${ctx.port}`) {
    return sendText(response, 403, "Forbidden: this explorer answers on 127.0.0.1 only.\n");
  }
  const url = new URL(request.url ?? "/", `http://${host}`);
  const [, first = "", ...rest] = url.pathname.split("/");
  if (!sameToken(first, ctx.token)) {
    return sendText(
      response,
      403,
      "Forbidden: open the link that `baton explorer` printed (it carries the access token).\n",
    );
  }
  if (request.method !== "GET" && request.method !== "HEAD")
    return sendText(response, 405, "Method not allowed\n");
  if (rest.length === 0) {
    response.writeHead(301, { Location: `/${ctx.token}/`, ...SECURITY_HEADERS });
    return response.end();
  }
  const path = rest.join("/");
  if (path in ASSETS) {
    const body = await readFile(`${ctx.assets}/${path === "" ? "index.html" : path}`);
    response.writeHead(200, { "Content-Type": ASSETS[path], ...SECURITY_HEADERS });
    return response.end(body);
  }
  if (!path.startsWith("api/")) return sendText(response, 404, "Not found\n");
  try {
    const params = url.searchParams;
    const page = params.get("page") ?? undefined;
    const key = () => ({ resourceType: requireParam(params, "type"), resource: requireParam(params, "id") });
    switch (path) {
      case "api/overview":
        return send(response, 200, ctx.views.overview(), started);
      case "api/search":
        return send(
          response,
          200,
          ctx.views.search(params.get("q") ?? "", params.get("type") || undefined, page),
          started,
        );
      case "api/resource":
        return send(response, 200, ctx.views.resource(key(), page), started);
      case "api/entitlement":
        return send(response, 200, ctx.views.entitlement(requireParam(params, "id"), page), started);
      case "api/access":
        return send(response, 200, ctx.views.access(key(), page), started);
      case "api/changes":
        return send(
          response,
          200,
          ctx.views.changes(
            oneOf<ChangeKind>(params, "kind", ["resources", "entitlements", "grants"]),
            oneOf<Change>(params, "change", ["created", "deleted", "modified"]),
            page,
          ),
          started,
        );
      case "api/export/holders.csv":
        return await sendCsv(
          response,
          `holders-${safeName(requireParam(params, "id"))}.csv`,
          holdersCsv(ctx.views, requireParam(params, "id")),
        );
      case "api/export/access.csv": {
        const principal = key();
        return await sendCsv(
          response,
          `access-${safeName(`${principal.resourceType}-${principal.resource}`)}.csv`,
          accessCsv(ctx.views, principal),
        );
      }
      default:
        return send(response, 404, { error: `no such API: ${path}` }, started);
    }
  } catch (error) {
    if (error instanceof BatonCliError || error instanceof C1zUsageError) {
      return send(response, 404, { error: error.message }, started);
    }
    throw error;
  }
}

function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T {
  const value = params.get(name) ?? allowed[0];
  if (!allowed.includes(value as T)) throw new BatonCliError(`${name} must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** JSON with the time the server spent on it (Server-Timing, read by the benchmark and the browser). */
function send(response: ServerResponse, status: number, body: unknown, started: number) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Server-Timing": `app;dur=${(performance.now() - started).toFixed(1)}`,
    ...SECURITY_HEADERS,
  });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
  response.end(text);
}

/** Streams CSV rows as they are read, honouring the socket's back-pressure. */
async function sendCsv(response: ServerResponse, name: string, rows: Iterable<string>) {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next(); // reads (and checks the ids) before any header goes out
  response.writeHead(200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}"`,
    ...SECURITY_HEADERS,
  });
  for (let next = first; !next.done; next = iterator.next()) {
    if (!response.write(next.value)) await new Promise((resolve) => response.once("drain", resolve));
  }
  response.end();
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100);

/** The built UI: dist/ui next to the bundle that runs, or the package's dist/ui when running from src. */
function uiAssetsDirectory(): string {
  const candidates = ["./ui", "../../dist/ui"].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((directory) => existsSync(`${directory}/index.html`));
  if (!found) {
    throw new BatonCliError("the explorer's web app is not built: run `pnpm --filter @baton-ts/baton build`");
  }
  return found;
}
