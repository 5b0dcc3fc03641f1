// The explorer in a process of its own: starts it on the file (through the cache), requests each page
// several times, and prints one JSON line with the server time of each (from Server-Timing), the start-up
// time and the process's peak RSS. Usage: node --max-semi-space-size=1 --heap-growing-percent=50 bench/run-explorer.ts <c1z> <pages json>
import { C1zFile } from "@baton-ts/c1z";
import { startExplorer } from "../dist/index.js";

const [path = "", pagesJson = "{}"] = process.argv.slice(2);
const pages = JSON.parse(pagesJson) as Record<string, string>;
const started = performance.now();
const file = await C1zFile.open(path, { readOnly: true, cache: { dir: process.env.BATON_CACHE_DIR ?? "" } });
const openMs = performance.now() - started;
const explorer = await startExplorer({ file, syncId: file.readerSyncId() as string });
const startupMs = performance.now() - started - openMs;
const serverMs: Record<string, number[]> = {};
for (let round = 0; round < 5; round++) {
  for (const [name, query] of Object.entries(pages)) {
    const response = await fetch(`${explorer.url}api/${query}`);
    if (!response.ok) throw new Error(`${query}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    const timing = /dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1];
    serverMs[name] = [...(serverMs[name] ?? []), Number(timing)];
  }
}
await explorer.close();
file.close();
console.log(
  JSON.stringify({ openMs, startupMs, serverMs, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
