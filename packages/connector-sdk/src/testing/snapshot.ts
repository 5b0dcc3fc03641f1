import { C1zFile } from "@baton-ts/c1z";
import {
  type DescMessage,
  EntitlementSchema,
  GrantSchema,
  type MessageShape,
  ResourceSchema,
  ResourceTypeSchema,
  registry,
  toJson,
} from "@baton-ts/protocol";

export type SnapshotTable = "resourceTypes" | "resources" | "entitlements" | "grants";

/** One sync's rows, decoded to canonical JSON and keyed like Baton's diff (resources by `type:id`). */
export interface SyncSnapshot {
  readonly syncId: string;
  readonly tables: Readonly<Record<SnapshotTable, ReadonlyMap<string, string>>>;
}

/** JSON with object keys sorted: map fields (grant sources) carry no order, so they must not count. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    return Object.fromEntries(
      Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });

const json = <Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): string =>
  canonical(toJson(schema, message, { registry }));

/** Reads a sync (default: the latest finished one) of a c1z into a snapshot. */
export const readSyncSnapshot = async (
  path: string,
  options: { syncId?: string; tempDir?: string } = {},
): Promise<SyncSnapshot> => {
  const file = await C1zFile.open(path, {
    readOnly: true,
    ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
  });
  try {
    const syncId = options.syncId ?? file.latestFinishedSync()?.id;
    if (syncId === undefined) throw new Error(`${path} holds no finished sync`);
    const resourceTypes = new Map<string, string>();
    for (const item of file.iterateResourceTypes({ syncId }))
      resourceTypes.set(item.id, json(ResourceTypeSchema, item));
    const resources = new Map<string, string>();
    for (const item of file.iterateResources({ syncId })) {
      resources.set(`${item.id?.resourceType}:${item.id?.resource}`, json(ResourceSchema, item));
    }
    const entitlements = new Map<string, string>();
    for (const item of file.iterateEntitlements({ syncId }))
      entitlements.set(item.id, json(EntitlementSchema, item));
    const grants = new Map<string, string>();
    for (const item of file.iterateGrants({ syncId })) grants.set(item.id, json(GrantSchema, item));
    return { syncId, tables: { resourceTypes, resources, entitlements, grants } };
  } finally {
    file.close();
  }
};

const excerpt = (text: string | undefined, max = 300): string =>
  text === undefined ? "(absent)" : text.length > max ? `${text.slice(0, max)}…` : text;

/**
 * The differences between two snapshots, order-independent, as readable lines (at most `limit`
 * per table). Empty when both syncs hold the same rows.
 */
export const diffSnapshots = (expected: SyncSnapshot, actual: SyncSnapshot, limit = 10): string[] => {
  const lines: string[] = [];
  for (const table of ["resourceTypes", "resources", "entitlements", "grants"] as const) {
    const want = expected.tables[table];
    const got = actual.tables[table];
    const problems: string[] = [];
    for (const [id, value] of want) {
      const other = got.get(id);
      if (other === undefined) problems.push(`${table}: missing ${id}`);
      else if (other !== value)
        problems.push(
          `${table}: ${id} differs\n      expected ${excerpt(value)}\n      actual   ${excerpt(other)}`,
        );
    }
    for (const id of got.keys()) if (!want.has(id)) problems.push(`${table}: unexpected ${id}`);
    if (want.size !== got.size) lines.push(`${table}: expected ${want.size} rows, got ${got.size}`);
    lines.push(...problems.slice(0, limit));
    if (problems.length > limit) lines.push(`${table}: … and ${problems.length - limit} more`);
  }
  return lines;
};
