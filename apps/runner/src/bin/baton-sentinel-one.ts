#!/usr/bin/env -S node --max-semi-space-size=16 --heap-growing-percent=50
// baton-sentinel-one: the same flags and BATON_* variables as ConductorOne's Go program of that name.
// V8 heap policy (a product decision, see docs/running.md "Memory"): with Node's defaults the old
// generation may grow to several times its live size between full collections, and the young generation
// is sized for throughput on a big machine, so a sync whose live heap is ~30-40 MB peaked at 350-450 MB
// resident. A 16 MB semi-space and 50% heap growth keep it under 300 MB for about 10% more CPU.
// Neither flag caps the heap: a big tenant still gets all the memory it needs. The root scripts
// (`pnpm baton-segment`, `pnpm baton-sentinel-one`) pass the same flags (checked by node-flags.test.ts).
import { sentineloneConnector } from "@baton-ts/connector-sentinelone";
import { runMain } from "../main.js";

await runMain(sentineloneConnector, { program: "baton-sentinel-one" });
