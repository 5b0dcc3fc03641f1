// The benchmark's synthetic tenant: 1,000,000 grants (BENCH_GRANTS) over 100,000 resources, written the
// way the sync engine writes (page-sized transactions, a checkpoint per page). Shared by this package's
// write benchmark and by other packages' benchmarks that need the same file to read (`baton`'s).
import {
  create,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  type Resource,
  ResourceSchema,
  ResourceTypeSchema,
} from "@baton-ts/protocol";
import type { C1zFile } from "../dist/index.js";

export interface GrantsFileOptions {
  /** Number of grants (default 1,000,000). Resources are a tenth of that, groups a tenth of those. */
  grants: number;
  /** Grants per transaction (default 1000). */
  page: number;
}

export interface GrantsFileFigures {
  syncId: string;
  written: number;
  resourcesMs: number;
  /** Building the grant messages (the connector's side), apart from the store's work. */
  buildMs: number;
  /** Encode + insert + commit of the grants. */
  storeMs: number;
  /** CPU seconds of the store's grant writes. */
  writeCpu: number;
}

/** The shape of the tenant, so readers of the file can pick ids that exist. */
export const grantsFileShape = (grants: number) => {
  const resources = Math.max(10, Math.round(grants / 10));
  const groups = Math.max(1, Math.round(resources / 10));
  return { resources, groups, users: resources - groups };
};

export const grantsFileOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): GrantsFileOptions => ({
  grants: Number(env.BENCH_GRANTS ?? 1_000_000),
  page: Number(env.BENCH_PAGE ?? 1000),
});

/** CPU seconds (user + system, all threads) since `start`. */
export const cpuSince = (start: NodeJS.ResourceUsage) => {
  const now = process.resourceUsage();
  return (now.userCPUTime - start.userCPUTime + now.systemCPUTime - start.systemCPUTime) / 1e6;
};

/**
 * Writes one finished sync of the synthetic tenant into an open, writable file (the caller saves):
 * user and group resource types, users u<n> and groups g<n>, one `member` entitlement per group, and
 * grants group by group like a connector lists them, principals spread over all users.
 */
export function writeGrantsSync(file: C1zFile, options: GrantsFileOptions): GrantsFileFigures {
  const { grants: GRANTS, page: PAGE } = options;
  const { resources: RESOURCES, groups: GROUPS, users: USERS } = grantsFileShape(GRANTS);
  const { syncId } = file.startOrResumeSync();
  file.putResourceTypes(syncId, [
    create(ResourceTypeSchema, { id: "user", displayName: "User", traits: [1] }),
    create(ResourceTypeSchema, { id: "group", displayName: "Group", traits: [2] }),
  ]);

  const startResources = performance.now();
  for (let first = 0; first < RESOURCES; first += PAGE) {
    const page: Resource[] = [];
    for (let index = first; index < Math.min(first + PAGE, RESOURCES); index++) {
      const isGroup = index < GROUPS;
      page.push(
        create(ResourceSchema, {
          id: { resourceType: isGroup ? "group" : "user", resource: isGroup ? `g${index}` : `u${index}` },
          displayName: isGroup ? `Group ${index}` : `User ${index}`,
        }),
      );
    }
    file.transaction(() => {
      file.putResources(syncId, page);
      file.checkpoint(syncId, `{"resources":${first}}`);
    });
  }
  const entitlements = Array.from({ length: GROUPS }, (_, index) =>
    create(EntitlementSchema, {
      id: `group:g${index}:member`,
      resource: { id: { resourceType: "group", resource: `g${index}` } },
      displayName: "member",
      slug: "member",
      purpose: 1,
    }),
  );
  for (let first = 0; first < entitlements.length; first += PAGE) {
    file.putEntitlements(syncId, entitlements.slice(first, first + PAGE));
  }
  const resourcesMs = performance.now() - startResources;

  // Grants go group by group like a connector lists them; principals spread over all users. Building the
  // messages is the connector's work, so it is timed apart from the store's (encode + SQLite).
  let written = 0;
  let buildMs = 0;
  let writeCpu = 0;
  let storeMs = 0;
  let group = 0;
  let slot = 0;
  const perGroup = Math.ceil(GRANTS / GROUPS);
  while (written < GRANTS) {
    const startBuild = performance.now();
    const page: Grant[] = [];
    while (page.length < PAGE && written + page.length < GRANTS) {
      const entitlementId = `group:g${group}:member`;
      const user = GROUPS + ((group * 7919 + slot * 104_729) % USERS);
      page.push(
        create(GrantSchema, {
          id: `${entitlementId}:user:u${user}:${slot}`,
          entitlement: {
            id: entitlementId,
            resource: { id: { resourceType: "group", resource: `g${group}` } },
          },
          principal: { id: { resourceType: "user", resource: `u${user}` } },
        }),
      );
      slot++;
      if (slot === perGroup) {
        slot = 0;
        group = (group + 1) % GROUPS;
      }
    }
    const startStore = performance.now();
    const cpuBeforeStore = process.resourceUsage();
    buildMs += startStore - startBuild;
    file.transaction(() => {
      file.putGrants(syncId, page);
      file.checkpoint(syncId, `{"grants":${written}}`);
    });
    storeMs += performance.now() - startStore;
    writeCpu += cpuSince(cpuBeforeStore);
    written += page.length;
  }
  file.endSync(syncId);
  return { syncId, written, resourcesMs, buildMs, storeMs, writeCpu };
}
