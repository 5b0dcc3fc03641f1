#!/usr/bin/env node
// baton-segment: the same flags and BATON_* variables as ConductorOne's Go program of that name.
import { segmentConnector } from "@baton-ts/connector-segment";
import { runMain } from "../main.js";

await runMain(segmentConnector, { program: "baton-segment" });
