#!/usr/bin/env node
// The sdk's in-memory sample connector as a program: the sdk's own end-to-end tests of the command line
// and service mode spawn it, so the generic program is tested without any connector package or API.
// Built to dist/bin/baton-sample.js; not declared as a bin of the published package.
import { startProgram } from "../cli/start-program.js";

await startProgram({ program: "baton-sample" }, async () => {
  const { createSampleDirectory, sampleConnector } = await import("../sample/index.js");
  // The directory stands for the remote system: one per process, whichever client reaches it. Service mode
  // connects a fresh client per task, and a grant made by one task must be there for the next, as it would
  // be in a real API.
  const directory = createSampleDirectory();
  return { ...sampleConnector, connect: () => directory };
});
