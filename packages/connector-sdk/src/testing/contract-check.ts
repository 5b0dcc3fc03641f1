import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import {
  AppTraitSchema,
  GroupTraitSchema,
  RoleTraitSchema,
  typeUrlOf,
  UserTraitSchema,
} from "@baton-ts/protocol";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { TraitName } from "../contract/resource-type.js";
import { type RunSyncOptions, runSync, type SyncSummary } from "../engine/sync.js";
import type { Logger } from "../log/logger.js";
import { nullLogger } from "../log/null-logger.js";
import { diffSnapshots, readSyncSnapshot } from "./snapshot.js";

export interface ContractCheckOptions {
  readonly connector: AnyConnectorDefinition;
  /** The client to sync with (reused for both syncs)… */
  readonly client?: unknown;
  /** …or a factory, called once per sync (e.g. a fresh simulator client). */
  readonly makeClient?: () => unknown | Promise<unknown>;
  readonly logger?: Logger;
  readonly concurrency?: number;
  /** Where the temporary c1z goes (default: a fresh directory under the OS temp dir, removed after). */
  readonly tempDir?: string;
  /** Extra options for both syncs (e.g. resourceTypes). */
  readonly sync?: Partial<Pick<RunSyncOptions, "resourceTypes" | "skipGrants" | "skipEntitlementsAndGrants">>;
}

export interface ContractReport {
  readonly resourceTypes: number;
  readonly resources: Record<string, number>;
  readonly entitlements: number;
  readonly grants: number;
  readonly expandedGrants: number;
  readonly pages: number;
}

/** Thrown by the kit with every violation found, one per line. */
export class ContractViolationError extends Error {
  override readonly name = "ContractViolationError";
  constructor(
    readonly violations: readonly string[],
    what = "the connector breaks the contract",
  ) {
    super(`${what}:\n  - ${violations.join("\n  - ")}`);
  }
}

const TRAIT_URLS: Readonly<Record<TraitName, string>> = {
  user: typeUrlOf(UserTraitSchema),
  group: typeUrlOf(GroupTraitSchema),
  role: typeUrlOf(RoleTraitSchema),
  app: typeUrlOf(AppTraitSchema),
};

const MAX_REPORTED = 20;

/**
 * Syncs a connector into a temporary c1z twice and checks what a Baton reader relies on: every grant's
 * entitlement and principal exist, cursors advance, resources carry their types' traits, ids follow
 * the rules (entitlement `<type>:<id>:<slug>` of its resource, grant `<entitlement>:<type>:<id>` of its
 * principal), and the second sync equals the first. Throws a ContractViolationError listing every
 * violation; returns the counts when clean. Framework-agnostic: call it from any test runner.
 */
export const checkConnectorContract = async (options: ContractCheckOptions): Promise<ContractReport> => {
  const ownDir = options.tempDir === undefined;
  const dir = options.tempDir ?? mkdtempSync(join(tmpdir(), "baton-contract-"));
  const path = join(dir, `contract-${process.pid}-${Date.now()}.c1z`);
  // Cursor loops (A → B → A included) are caught by the engine itself, in every sync.
  const connector = options.connector;
  const clientFor = async (): Promise<unknown> =>
    options.makeClient === undefined ? options.client : await options.makeClient();
  const violations: string[] = [];
  const sync = async (): Promise<SyncSummary | undefined> => {
    try {
      return await runSync({
        connector,
        client: await clientFor(),
        file: path,
        logger: options.logger ?? nullLogger,
        progressIntervalMs: 0,
        tempDir: dir,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...options.sync,
      });
    } catch (error) {
      violations.push(`the sync failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  try {
    const first = await sync();
    if (first === undefined) throw new ContractViolationError(violations);
    violations.push(...(await checkStoredSync(path, first.syncId, connector, dir)));
    const second = await sync();
    if (second !== undefined) {
      const a = await readSyncSnapshot(path, { syncId: first.syncId, tempDir: dir });
      const b = await readSyncSnapshot(path, { syncId: second.syncId, tempDir: dir });
      for (const line of diffSnapshots(a, b))
        violations.push(`a second sync differs from the first: ${line}`);
    }
    if (violations.length > 0) throw new ContractViolationError(violations);
    return {
      resourceTypes: first.resourceTypes,
      resources: first.resources,
      entitlements: first.entitlements,
      grants: first.grants,
      expandedGrants: first.expandedGrants,
      pages: first.pages,
    };
  } finally {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    else rmSync(path, { force: true });
  }
};

/** The checks on one stored sync; each returns readable lines. */
const checkStoredSync = async (
  path: string,
  syncId: string,
  connector: AnyConnectorDefinition,
  tempDir: string,
): Promise<string[]> => {
  const problems: string[] = [];
  const add = (line: string): void => {
    if (problems.length < MAX_REPORTED) problems.push(line);
    else if (problems.length === MAX_REPORTED) problems.push("… more violations left out");
  };
  const file = await C1zFile.open(path, { readOnly: true, tempDir });
  try {
    const integrity = file.integrityReport(syncId, MAX_REPORTED);
    for (const id of integrity.grantsWithUnknownEntitlement)
      add(`grant ${id}: its entitlement was never listed`);
    for (const id of integrity.grantsWithUnknownPrincipal) add(`grant ${id}: its principal was never listed`);
    for (const id of integrity.entitlementsWithUnknownResource)
      add(`entitlement ${id}: its resource was never listed`);

    const defs = new Map(connector.resourceTypes.map((def) => [def.id, def]));
    for (const resource of file.iterateResources({ syncId })) {
      const id = resource.id;
      const def = defs.get(id?.resourceType ?? "");
      const key = `${id?.resourceType}:${id?.resource}`;
      if (def === undefined) {
        add(`resource ${key}: its type is not one of the connector's resource types`);
        continue;
      }
      for (const trait of def.traits ?? []) {
        if (!resource.annotations.some((annotation) => annotation.typeUrl === TRAIT_URLS[trait])) {
          add(`resource ${key}: type ${def.id} has the ${trait} trait but the resource does not carry it`);
        }
      }
    }

    for (const entitlement of file.iterateEntitlements({ syncId })) {
      const owner = entitlement.resource?.id;
      const prefix = `${owner?.resourceType}:${owner?.resource}:`;
      if (!entitlement.id.startsWith(prefix)) {
        add(
          `entitlement ${entitlement.id}: the id must be "<type>:<id>:<slug>" of its resource (${prefix}…)`,
        );
      } else if (entitlement.slug !== "" && entitlement.id !== `${prefix}${entitlement.slug}`) {
        add(
          `entitlement ${entitlement.id}: the id must end with its slug ${JSON.stringify(entitlement.slug)}`,
        );
      }
    }

    for (const grant of file.iterateGrants({ syncId })) {
      const principal = grant.principal?.id;
      const expected = `${grant.entitlement?.id}:${principal?.resourceType}:${principal?.resource}`;
      if (grant.id !== expected)
        add(
          `grant ${grant.id}: the id must be "<entitlement id>:<principal type>:<principal id>" (${expected})`,
        );
      const stored =
        grant.entitlement === undefined ? undefined : file.getEntitlement(grant.entitlement.id, syncId);
      const listedOwner = stored?.resource?.id;
      const claimedOwner = grant.entitlement?.resource?.id;
      if (
        stored !== undefined &&
        (listedOwner?.resourceType !== claimedOwner?.resourceType ||
          listedOwner?.resource !== claimedOwner?.resource)
      ) {
        add(
          `grant ${grant.id}: its entitlement's resource ${claimedOwner?.resourceType}:${claimedOwner?.resource} ` +
            `is not the listed entitlement's resource ${listedOwner?.resourceType}:${listedOwner?.resource}`,
        );
      }
    }
  } finally {
    file.close();
  }
  return problems;
};
