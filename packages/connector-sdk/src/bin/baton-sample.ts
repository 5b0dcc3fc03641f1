#!/usr/bin/env node
// The sdk's in-memory sample connector as a program: the sdk's own end-to-end tests of the command line
// and service mode spawn it, so the generic program is tested without any connector package or API.
// Built to dist/bin/baton-sample.js; not declared as a bin of the published package.
import { runMain } from "../cli/main.js";
import { sampleConnector } from "../sample/index.js";

await runMain(sampleConnector, { program: "baton-sample" });
