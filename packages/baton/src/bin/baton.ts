#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=50
// baton: the subcommands and flags of ConductorOne's Go `baton`, on c1z v1 files.
// V8 flags (measured, README "Performance"): zlib hands out every decompressed chunk as a new buffer,
// which V8 frees at young-generation collections; a 1 MiB semi-space makes those frequent, so expanding
// a 1,000,000-grant file (355 MiB) peaks at ~100-115 MB RSS instead of ~165 MB, no slower. Streaming a
// listing makes garbage only; growing the heap by 50% instead of V8's default lets it be collected
// sooner (all 1,000,000 grants as JSON: ~130 MB instead of ~170-190 MB).
import { runBaton } from "../cli/program.js";

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
process.exitCode = await runBaton(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
