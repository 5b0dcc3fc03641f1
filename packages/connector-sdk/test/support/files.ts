import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import type { Entitlement, Grant, Resource } from "@baton-ts/protocol";
import { afterEach } from "vitest";

/** A fresh temp directory per test, removed afterwards. */
export const useTempDir = (): (() => string) => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "sdk-engine-"));
    dirs.push(dir);
    return dir;
  };
};

export interface StoredSync {
  readonly syncs: { id: string; finished: boolean; token: string }[];
  readonly resources: Map<string, Resource>;
  readonly entitlements: Map<string, Entitlement>;
  readonly grants: Map<string, Grant>;
}

/** Everything of the latest finished sync (or the given one), keyed like Baton. */
export const readStored = async (path: string, syncId?: string): Promise<StoredSync> => {
  const file = await C1zFile.open(path, { readOnly: true });
  try {
    const id = syncId ?? file.latestFinishedSync()?.id ?? file.listSyncs()[0]?.id;
    const resources = new Map<string, Resource>();
    for (const r of file.iterateResources({ syncId: id }))
      resources.set(`${r.id?.resourceType}:${r.id?.resource}`, r);
    const entitlements = new Map<string, Entitlement>();
    for (const e of file.iterateEntitlements({ syncId: id })) entitlements.set(e.id, e);
    const grants = new Map<string, Grant>();
    for (const g of file.iterateGrants({ syncId: id })) grants.set(g.id, g);
    const syncs = file
      .listSyncs()
      .map((s) => ({ id: s.id, finished: s.endedAt !== undefined, token: s.token }));
    return { syncs, resources, entitlements, grants };
  } finally {
    file.close();
  }
};

/** The source entitlement ids of a grant, sorted. */
export const sourcesOf = (grant: Grant | undefined): string[] =>
  Object.keys(grant?.sources?.sources ?? {}).sort();
