import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildTenantFixtures } from "./fixtures/tenants.js";

declare module "vitest" {
  export interface ProvidedContext {
    segmentC1z: string;
    sentineloneC1z: string;
  }
}

/** Syncs both simulated tenants once for the whole run; each test file reads the same files. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "baton-fixtures-"));
  const fixtures = await buildTenantFixtures(dir);
  project.provide("segmentC1z", fixtures.segment);
  project.provide("sentineloneC1z", fixtures.sentinelone);
  return () => rmSync(dir, { recursive: true, force: true });
}
