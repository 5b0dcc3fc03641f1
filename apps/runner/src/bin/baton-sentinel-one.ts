#!/usr/bin/env node
// baton-sentinel-one: the same flags and BATON_* variables as ConductorOne's Go program of that name.
import { sentineloneConnector } from "@baton-ts/connector-sentinelone";
import { runMain } from "../main.js";

await runMain(sentineloneConnector, { program: "baton-sentinel-one" });
