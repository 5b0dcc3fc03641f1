// One `baton` command in a process of its own, as the benchmark measures it: prints one JSON line with
// the time to the command's first output, its total time and the process's peak RSS. Output is counted,
// not kept. Usage: node --max-semi-space-size=1 --heap-growing-percent=50 bench/run-command.ts <baton args...>
import { Writable } from "node:stream";
import { runBaton } from "../dist/index.js";

let firstOutputMs: number | undefined;
let bytes = 0;
const started = performance.now();
const stdout = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    firstOutputMs ??= performance.now() - started;
    bytes += chunk.length;
    callback();
  },
});
const code = await runBaton(process.argv.slice(2), { stdout, stderr: process.stderr, env: process.env });
const totalMs = performance.now() - started;
console.log(
  JSON.stringify({ code, firstOutputMs, totalMs, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
