// The `baton` program once the Node version is known to be supported (bin/baton.ts checks it first):
// the process's argv, streams and signals wired to runBaton. Built to dist/baton-process.js.
import { runBaton } from "../cli/program.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
process.exitCode = await runBaton(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
