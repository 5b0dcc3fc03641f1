// A 300 MiB page (the size that took 3.2 GB before the limit) against the HTTP client with its default
// limit: the error, how many times it was requested, how long the read took and the process's peak RSS.
// Run with `node bench/response-limit.ts` after a build (part of `pnpm --filter @baton-ts/connector-sdk bench`).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { createHttpClient } from "../dist/index.js";

const PAGE_MIB = Number(process.env.BENCH_PAGE_MIB ?? 300);
let requests = 0;
const server = createServer((_req, res) => {
  requests += 1;
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(1 << 20, "x");
  let sent = 0;
  const pump = (): void => {
    while (sent < PAGE_MIB && !res.destroyed) {
      sent += 1;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  pump();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const api = createHttpClient({
  service: "Big",
  baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
});
const started = performance.now();
const error = await api.get("/page", z.unknown()).then(
  () => undefined,
  (e: unknown) => e as Error & { code?: string },
);
console.log(`a ${PAGE_MIB} MiB page with the default limit`);
console.log(`  outcome        ${error === undefined ? "read whole" : `${error.code}: ${error.message}`}`);
console.log(`  requests       ${requests}`);
console.log(`  time           ${Math.round(performance.now() - started)} ms`);
console.log(`  peak RSS       ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
server.closeAllConnections();
server.close();
