#!/usr/bin/env node
// baton: the subcommands and flags of ConductorOne's Go `baton`, on c1z v1 files.
import { runBaton } from "../cli/program.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
process.exitCode = await runBaton(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
