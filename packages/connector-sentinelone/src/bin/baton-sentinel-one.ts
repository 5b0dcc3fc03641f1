#!/usr/bin/env -S node --max-semi-space-size=16 --heap-growing-percent=50
// baton-sentinel-one: the same flags and BATON_* variables as ConductorOne's Go program of that name. The
// first line's V8 flags are the sdk's PROGRAM_NODE_FLAGS (why: see there; a test keeps them equal).
// The connector is a dynamic import: startProgram checks the Node version before anything loads it.
import { startProgram } from "@baton-ts/connector-sdk/start";

await startProgram(
  { program: "baton-sentinel-one" },
  async () => (await import("../connector.js")).sentineloneConnector,
);
