import type { Entitlement, Resource } from "@baton-ts/protocol";
import type { AnyConnectorDefinition } from "../../contract/connector.js";
import { provisionGrant, provisionRevoke } from "../../engine/provision.js";
import type { Logger } from "../../log/logger.js";
import type { OneShotAction } from "../one-shot-action.js";

export interface ProvisionModeInput {
  readonly connector: AnyConnectorDefinition;
  readonly client: unknown;
  readonly file: string;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly stdout: NodeJS.WritableStream;
  readonly tempDir?: string | undefined;
}

/**
 * One-shot grant: the entitlement and principal are read from the c1z at `--file` (as Baton's CLI
 * does), then the connector writes. "Already held" is a success that changed nothing.
 */
export const runGrantMode = async (
  input: ProvisionModeInput,
  action: Extract<OneShotAction, { kind: "grant" }>,
): Promise<void> => {
  const { outcome, entitlement, principal } = await provisionGrant({
    connector: input.connector,
    client: input.client,
    file: input.file,
    entitlementId: action.entitlementId,
    principal: action.principal,
    provisioning: true,
    logger: input.logger,
    signal: input.signal,
    ...(input.tempDir === undefined ? {} : { tempDir: input.tempDir }),
  });
  const what = `${describeEntitlement(entitlement)} to ${describeResource(principal)}`;
  input.stdout.write(
    outcome.kind === "granted" ? `Granted ${what}\n` : `Already granted: ${what} (nothing changed)\n`,
  );
};

/** One-shot revoke of a grant id read from the c1z at `--file`. "Already gone" is a success. */
export const runRevokeMode = async (
  input: ProvisionModeInput,
  action: Extract<OneShotAction, { kind: "revoke" }>,
): Promise<void> => {
  const { outcome, grant } = await provisionRevoke({
    connector: input.connector,
    client: input.client,
    file: input.file,
    grantId: action.grantId,
    provisioning: true,
    logger: input.logger,
    signal: input.signal,
    ...(input.tempDir === undefined ? {} : { tempDir: input.tempDir }),
  });
  const entitlement =
    grant.entitlement === undefined ? action.grantId : describeEntitlement(grant.entitlement);
  const principal = grant.principal === undefined ? "its principal" : describeResource(grant.principal);
  const what = `${entitlement} from ${principal}`;
  input.stdout.write(
    outcome.kind === "revoked" ? `Revoked ${what}\n` : `Already revoked: ${what} (nothing changed)\n`,
  );
};

const describeEntitlement = (entitlement: Entitlement): string =>
  entitlement.displayName === "" ? entitlement.id : `"${entitlement.displayName}" (${entitlement.id})`;

const describeResource = (resource: Resource): string => {
  const key = resource.id === undefined ? "?" : `${resource.id.resourceType}:${resource.id.resource}`;
  return resource.displayName === "" ? key : `"${resource.displayName}" (${key})`;
};
