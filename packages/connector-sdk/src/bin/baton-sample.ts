#!/usr/bin/env node
// The sdk's in-memory sample connector as a program: the sdk's own end-to-end tests of the command line
// and service mode spawn it, so the generic program is tested without any connector package or API.
// Built to dist/bin/baton-sample.js; not declared as a bin of the published package.
import { runMain } from "../cli/main.js";
import { createSampleDirectory, sampleConnector } from "../sample/index.js";

// The directory stands for the remote system: one per process, whichever client reaches it. Service mode
// connects a fresh client per task, and a grant made by one task must be there for the next, as it would
// be in a real API.
const directory = createSampleDirectory();

await runMain({ ...sampleConnector, connect: () => directory }, { program: "baton-sample" });
