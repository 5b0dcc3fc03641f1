#!/usr/bin/env node
// The sdk's built-in sample connector as a program: the runner's tests and the demo's fallback.
import { sampleConnector } from "@baton-ts/connector-sdk";
import { runMain } from "../main.js";

await runMain(sampleConnector, { program: "baton-sample" });
