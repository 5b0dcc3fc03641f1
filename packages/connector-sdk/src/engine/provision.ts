import { existsSync } from "node:fs";
import { C1zFile } from "@baton-ts/c1z";
import { create, type Entitlement, type Grant, type Resource, ResourceIdSchema } from "@baton-ts/protocol";
import type { AnyConnectorDefinition } from "../contract/connector.js";
import type { GrantOutcome, RevokeOutcome } from "../contract/provisioning.js";
import { closestMatch } from "../did-you-mean.js";
import { ConnectorError } from "../errors.js";
import type { Logger } from "../log/logger.js";
import { checkDefinition } from "./check-definition.js";
import { callConnector } from "./connector-call.js";

interface ProvisionCommon {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  /** The c1z a sync wrote; the entitlement and principal are read from its latest finished sync. */
  readonly file: string;
  /** Whether provisioning is switched on (-p / BATON_PROVISIONING). */
  readonly provisioning: boolean;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly tempDir?: string;
}

export interface ProvisionGrantOptions extends ProvisionCommon {
  readonly entitlementId: string;
  readonly principal: { readonly type: string; readonly id: string };
}

export interface ProvisionRevokeOptions extends ProvisionCommon {
  readonly grantId: string;
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

const openSynced = async (options: ProvisionCommon): Promise<C1zFile> => {
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
      "failed-precondition",
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
export const provisionGrant = async (
  options: ProvisionGrantOptions,
): Promise<{ outcome: GrantOutcome; entitlement: Entitlement; principal: Resource }> => {
  if (!options.provisioning) throw notEnabled();
  checkDefinition(options.connector);
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

  const grantableTo = entitlement.grantableTo.map((type) => type.id);
  if (grantableTo.length > 0 && !grantableTo.includes(options.principal.type)) {
    throw new ConnectorError(
      "invalid-argument",
      `entitlement ${JSON.stringify(entitlement.id)} cannot be granted to a ${options.principal.type}: ` +
        `it is grantable to ${grantableTo.join(", ")}`,
    );
  }
  const def = resourceTypeOf(options.connector, entitlement, "grant");
  const grantFn = def.grant as NonNullable<typeof def.grant>;
  const call = { logger: options.logger, signal: options.signal ?? new AbortController().signal };
  const site = { phase: "granting", resourceType: def.id, resource: entitlement.id };
  const heldEntitlement = entitlement;
  const heldPrincipal = principal;
  const outcome = await callConnector(site, () =>
    grantFn(options.client, { principal: heldPrincipal, entitlement: heldEntitlement }, call),
  );
  options.logger.info("grant finished", {
    outcome: outcome.kind,
    entitlement: entitlement.id,
    principal: `${options.principal.type}:${options.principal.id}`,
  });
  return { outcome, entitlement, principal };
};

/**
 * One-shot revoke like Baton's CLI: reads the grant, re-reads its full entitlement and principal,
 * then calls the revoke of the entitlement's resource type. Outcomes are revoked or already-revoked.
 */
export const provisionRevoke = async (
  options: ProvisionRevokeOptions,
): Promise<{ outcome: RevokeOutcome; grant: Grant }> => {
  if (!options.provisioning) throw notEnabled();
  checkDefinition(options.connector);
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
  if (grant.entitlement === undefined) {
    throw new ConnectorError(
      "invalid-argument",
      `grant ${JSON.stringify(options.grantId)} has no entitlement in the c1z`,
    );
  }
  const def = resourceTypeOf(options.connector, grant.entitlement, "revoke");
  const revokeFn = def.revoke as NonNullable<typeof def.revoke>;
  const call = { logger: options.logger, signal: options.signal ?? new AbortController().signal };
  const site = { phase: "revoking", resourceType: def.id, resource: grant.id };
  const held = grant;
  const outcome = await callConnector(site, () => revokeFn(options.client, { grant: held }, call));
  options.logger.info("revoke finished", { outcome: outcome.kind, grant: grant.id });
  return { outcome, grant };
};
