import { ConnectorError } from "../errors.js";
import { parseEntitlementRef } from "../model/entitlement-ref.js";
import type { GrantArgs, ProvisionTarget, RevokeArgs } from "./resource-type.js";

/**
 * The principal and entitlement of a grant or revoke, full and parsed: what the engine handed over,
 * or, for arguments built by hand, derived the same way (a revoke's from its grant). An entitlement
 * that names no resource and slug, or a principal without id, is an invalid argument.
 */
export const provisionTargetOf = (args: GrantArgs | RevokeArgs): ProvisionTarget => {
  const grant = "grant" in args ? args.grant : undefined;
  const entitlement = args.entitlement ?? grant?.entitlement;
  const principal = args.principal ?? grant?.principal;
  if (entitlement === undefined) {
    throw new ConnectorError(
      "invalid-argument",
      `grant ${JSON.stringify(grant?.id)} does not name its entitlement`,
    );
  }
  const principalId = args.principalId ?? principal?.id;
  if (
    principal === undefined ||
    principalId === undefined ||
    principalId.resourceType === "" ||
    principalId.resource === ""
  ) {
    throw new ConnectorError(
      "invalid-argument",
      `the principal of ${grant === undefined ? `the grant of ${entitlement.id}` : `grant ${grant.id}`} has no resource type and id`,
    );
  }
  return {
    principal,
    principalId,
    entitlement,
    entitlementRef: args.entitlementRef ?? parseEntitlementRef(entitlement),
  };
};
