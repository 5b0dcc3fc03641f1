import { existsSync } from "node:fs";
import { C1zFile } from "@baton-ts/c1z";
import { create, type Entitlement, type Grant, type Resource, ResourceIdSchema } from "@baton-ts/protocol";
import { runInCallScope } from "../contract/call-scope.js";
import type { AnyConnectorDefinition, ConnectorWithClient } from "../contract/connector.js";
import type { CallContext } from "../contract/context.js";
import { provisionTargetOf } from "../contract/provision-target.js";
import type { GrantOutcome, RevokeOutcome } from "../contract/provisioning.js";
import { closestMatch } from "../did-you-mean.js";
import { ConnectorError } from "../errors.js";
import type { LeaseStore } from "../leases/lease-store.js";
import {
  closeLeaseAfterRevoke,
  grantUnderLease,
  type LeaseAudit,
  type LeasedGrant,
  type LeaseRequest,
} from "../leases/with-lease.js";
import type { Logger } from "../log/logger.js";
import { memorySession } from "../session/memory-session.js";
import { checkDefinition } from "./check-definition.js";
import { type CallSite, callConnector } from "./connector-call.js";

// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
interface ProvisionCommon<TClient = any> extends ConnectorWithClient<TClient> {
  /** The c1z a sync wrote; the entitlement and principal are read from its latest finished sync. */
  readonly file: string;
  /** Whether provisioning is switched on (-p / BATON_PROVISIONING). */
  readonly provisioning: boolean;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  readonly tempDir?: string | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
export interface ProvisionGrantOptions<TClient = any> extends ProvisionCommon<TClient> {
  readonly entitlementId: string;
  readonly principal: { readonly type: string; readonly id: string };
  /** Make the grant time-bound: a lease is recorded and the access is revoked when it is due. */
  readonly lease?: LeaseRequest;
  /** Where lease events are reported. */
  readonly leaseAudit?: LeaseAudit;
}

// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
export interface ProvisionRevokeOptions<TClient = any> extends ProvisionCommon<TClient> {
  readonly grantId: string;
  /** A lease store: the grant's open lease, if any, closes once the revoke is confirmed. */
  readonly leaseStore?: LeaseStore;
  readonly leaseAudit?: LeaseAudit;
}

const notEnabled = (): ConnectorError =>
  new ConnectorError("failed-precondition", "provisioning is not enabled: pass -p / BATON_PROVISIONING=true");

/** How far a "did you mean" scan reads: enough for any tenant's entitlements, bounded for huge grant tables. */
const HINT_SCAN_LIMIT = 200_000;

const nearId = (ids: Iterable<string>, wanted: string): string | undefined => {
  let seen = 0;
  const bounded = function* (): Generator<string> {
    for (const id of ids) {
      seen += 1;
      if (seen > HINT_SCAN_LIMIT) return;
      yield id;
    }
  };
  return closestMatch(wanted, bounded());
};

/** The c1z a one-shot grant or revoke reads its ids from. */
interface SyncedFile {
  readonly file: string;
  readonly tempDir?: string | undefined;
}

const openSynced = async (options: SyncedFile): Promise<C1zFile> => {
  if (!existsSync(options.file)) {
    throw new ConnectorError(
      "not-found",
      `no c1z at ${options.file}: run a sync first (without -p) to write it`,
    );
  }
  const file = await C1zFile.open(options.file, {
    readOnly: true,
    ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
  });
  if (file.latestFinishedSync() === undefined && file.listSyncs().length === 0) {
    file.close();
    throw new ConnectorError("not-found", `${options.file} holds no sync: run a sync first (without -p)`);
  }
  return file;
};

const notFound = (what: string, id: string, file: string, near: string | undefined): ConnectorError =>
  new ConnectorError(
    "not-found",
    `${what} ${JSON.stringify(id)} is not in ${file}` +
      (near === undefined
        ? ": run a sync first (or check the id)"
        : `; did you mean ${JSON.stringify(near)}?`),
    { details: { id } },
  );

const resourceTypeOf = (
  connector: AnyConnectorDefinition,
  entitlement: Entitlement,
  op: "grant" | "revoke",
) => {
  const type = entitlement.resource?.id?.resourceType ?? "";
  const def = connector.resourceTypes.find((candidate) => candidate.id === type);
  if (def === undefined || def[op] === undefined) {
    throw new ConnectorError(
      "unimplemented",
      `resource type ${JSON.stringify(type)} of entitlement ${JSON.stringify(entitlement.id)} does not support ${op} ` +
        `(the ${connector.id} connector has no ${op}() for it)`,
    );
  }
  return def;
};

/**
 * One-shot grant like Baton's CLI: reads the entitlement and principal from the c1z's latest finished
 * sync, checks the principal's type against the entitlement's grantable_to, then calls the grant of
 * the entitlement's resource type. Outcomes are granted or already-exists; failures are ConnectorErrors.
 */
export const provisionGrant = async <TClient>(
  options: ProvisionGrantOptions<TClient>,
): Promise<{
  outcome: GrantOutcome;
  entitlement: Entitlement;
  principal: Resource;
  /** With `lease`: what happened to the lease. */
  leased?: LeasedGrant;
}> => {
  if (!options.provisioning) throw notEnabled();
  checkDefinition(options.connector);
  const { entitlement, principal } = await readGrantTarget(options);
  const grant = () =>
    grantEntitlement({
      connector: options.connector,
      client: options.client,
      entitlement,
      principal,
      logger: options.logger,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  if (options.lease === undefined) return { outcome: await grant(), entitlement, principal };
  const leased = await grantUnderLease({ entitlement, principal }, options.lease, grant, options.leaseAudit);
  return { outcome: leased.outcome, entitlement, principal, leased };
};

/**
 * A principal type the entitlement can be granted to: its grantable_to when it names types, else any
 * resource type of the synced file. A wrong one fails naming the valid ones (and the closest), before the
 * principal id is looked up under a type that cannot hold it. `details.field` lets a program name its flag.
 */
const checkPrincipalType = (file: C1zFile, entitlement: Entitlement, type: string): void => {
  const grantableTo = entitlement.grantableTo.map((candidate) => candidate.id);
  const valid =
    grantableTo.length > 0 ? grantableTo : [...file.iterateResourceTypes()].map((candidate) => candidate.id);
  if (valid.includes(type)) return;
  const near = closestMatch(type, valid);
  throw new ConnectorError(
    "invalid-argument",
    `principal type ${JSON.stringify(type)} cannot hold entitlement ${JSON.stringify(entitlement.id)}: ` +
      `${grantableTo.length > 0 ? "it is grantable to" : "the resource types synced are"} ${valid.join(", ")}` +
      (near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`),
    { details: { field: "principalType", type, valid } },
  );
};

/** The entitlement and principal of a one-shot grant, read from the c1z's latest sync. */
export const readGrantTarget = async (
  options: SyncedFile & Pick<ProvisionGrantOptions, "entitlementId" | "principal">,
): Promise<{ entitlement: Entitlement; principal: Resource }> => {
  const file = await openSynced(options);
  let entitlement: Entitlement | undefined;
  let principal: Resource | undefined;
  try {
    entitlement = file.getEntitlement(options.entitlementId);
    if (entitlement === undefined) {
      const ids = (function* () {
        for (const item of file.iterateEntitlements({})) yield item.id;
      })();
      throw notFound("entitlement", options.entitlementId, options.file, nearId(ids, options.entitlementId));
    }
    checkPrincipalType(file, entitlement, options.principal.type);
    principal = file.getResource(
      create(ResourceIdSchema, { resourceType: options.principal.type, resource: options.principal.id }),
    );
    if (principal === undefined) {
      const ids = (function* () {
        for (const item of file.iterateResources({ resourceTypeId: options.principal.type })) {
          if (item.id !== undefined) yield item.id.resource;
        }
      })();
      throw notFound(
        `principal ${options.principal.type}`,
        options.principal.id,
        options.file,
        nearId(ids, options.principal.id),
      );
    }
  } finally {
    file.close();
  }
  return { entitlement, principal };
};

/**
 * One-shot revoke like Baton's CLI: reads the grant, re-reads its full entitlement and principal,
 * then calls the revoke of the entitlement's resource type. Outcomes are revoked or already-revoked.
 */
export const provisionRevoke = async <TClient>(
  options: ProvisionRevokeOptions<TClient>,
): Promise<{ outcome: RevokeOutcome; grant: Grant }> => {
  if (!options.provisioning) throw notEnabled();
  checkDefinition(options.connector);
  const grant = await readRevokeTarget(options);
  const outcome = await revokeGrant({
    connector: options.connector,
    client: options.client,
    grant,
    logger: options.logger,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (options.leaseStore !== undefined) {
    closeLeaseAfterRevoke(options.leaseStore, grantTargetOf(grant), Date.now(), options.leaseAudit);
  }
  return { outcome, grant };
};

/** The ids a grant names: its entitlement's and its principal's. */
export const grantTargetOf = (grant: Grant) => ({
  entitlementId: grant.entitlement?.id ?? "",
  principalType: grant.principal?.id?.resourceType ?? "",
  principalId: grant.principal?.id?.resource ?? "",
});

/** The grant of a one-shot revoke, read from the c1z's latest sync with its full entitlement and principal. */
export const readRevokeTarget = async (
  options: SyncedFile & Pick<ProvisionRevokeOptions, "grantId">,
): Promise<Grant> => {
  const file = await openSynced(options);
  let grant: Grant;
  try {
    const stored = file.getGrant(options.grantId);
    if (stored === undefined) {
      const ids = (function* () {
        for (const item of file.iterateGrants({})) yield item.id;
      })();
      throw notFound("grant", options.grantId, options.file, nearId(ids, options.grantId));
    }
    const entitlementId = stored.entitlement?.id ?? "";
    const entitlement = file.getEntitlement(entitlementId) ?? stored.entitlement;
    const principal = stored.principal?.id === undefined ? undefined : file.getResource(stored.principal.id);
    grant = { ...stored, entitlement, principal: principal ?? stored.principal };
  } finally {
    file.close();
  }
  return grant;
};

// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
export interface GrantEntitlementInput<TClient = any> extends ConnectorWithClient<TClient> {
  /** The full entitlement (from a c1z, or from a ConductorOne grant task). */
  readonly entitlement: Entitlement;
  /** The full principal resource. */
  readonly principal: Resource;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/**
 * Grants an entitlement that is already in hand (service mode's grant task carries it): checks the
 * principal's type against the entitlement's grantable_to, then calls the grant of the entitlement's
 * resource type. A type without grant() is `unimplemented`.
 */
export const grantEntitlement = async <TClient>(
  input: GrantEntitlementInput<TClient>,
): Promise<GrantOutcome> => {
  const { entitlement, principal } = input;
  const principalType = principal.id?.resourceType ?? "";
  const principalKey = `${principalType}:${principal.id?.resource ?? ""}`;
  const grantableTo = entitlement.grantableTo.map((type) => type.id);
  if (grantableTo.length > 0 && !grantableTo.includes(principalType)) {
    throw new ConnectorError(
      "invalid-argument",
      `entitlement ${JSON.stringify(entitlement.id)} cannot be granted to a ${principalType}: ` +
        `it is grantable to ${grantableTo.join(", ")}`,
    );
  }
  const def = resourceTypeOf(input.connector, entitlement, "grant");
  const grantFn = def.grant as NonNullable<typeof def.grant>;
  const target = provisionTargetOf({ entitlement, principal });
  const site = { phase: "granting", resourceType: def.id, resource: entitlement.id };
  const outcome = await provisionCall(site, input, (call) => grantFn(input.client, target, call));
  input.logger.info("grant finished", {
    outcome: outcome.kind,
    entitlement: entitlement.id,
    principal: principalKey,
  });
  return outcome;
};

// biome-ignore lint/suspicious/noExplicitAny: without a type argument, any connector with any client.
export interface RevokeGrantInput<TClient = any> extends ConnectorWithClient<TClient> {
  /** The full grant, its entitlement and principal completed. */
  readonly grant: Grant;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/** Revokes a grant that is already in hand (service mode's revoke task carries it). */
export const revokeGrant = async <TClient>(input: RevokeGrantInput<TClient>): Promise<RevokeOutcome> => {
  const { grant } = input;
  if (grant.entitlement === undefined || grant.principal?.id === undefined) {
    throw new ConnectorError(
      "invalid-argument",
      `grant ${JSON.stringify(grant.id)} does not name its ${grant.entitlement === undefined ? "entitlement" : "principal"}`,
    );
  }
  const def = resourceTypeOf(input.connector, grant.entitlement, "revoke");
  const revokeFn = def.revoke as NonNullable<typeof def.revoke>;
  const target = provisionTargetOf({ grant });
  const site = { phase: "revoking", resourceType: def.id, resource: grant.id };
  const outcome = await provisionCall(site, input, (call) =>
    revokeFn(input.client, { ...target, grant }, call),
  );
  input.logger.info("revoke finished", { outcome: outcome.kind, grant: grant.id });
  return outcome;
};

/** A grant or revoke call: in a call scope (the HTTP client follows the signal), with a session of its own. */
const provisionCall = <T>(
  site: CallSite,
  input: { readonly logger: Logger; readonly signal?: AbortSignal | undefined },
  call: (ctx: CallContext) => Promise<T>,
): Promise<T> => {
  const signal = input.signal ?? new AbortController().signal;
  const ctx: CallContext = { logger: input.logger, signal, session: memorySession() };
  return runInCallScope(signal, () => callConnector(site, () => call(ctx)));
};
