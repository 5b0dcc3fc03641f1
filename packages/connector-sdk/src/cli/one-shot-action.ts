import { ConfigError } from "../errors.js";
import type { BaseSettings } from "./settings.js";

/** What the default command does, decided by the hidden one-shot flags (Baton's CLI, §7). */
export type OneShotAction =
  | { readonly kind: "sync" }
  | {
      readonly kind: "grant";
      readonly entitlementId: string;
      readonly principal: { readonly type: string; readonly id: string };
    }
  | { readonly kind: "revoke"; readonly grantId: string };

export const SERVICE_MODE_UNSUPPORTED =
  "service mode (--client-id / --client-secret, BATON_CLIENT_ID / BATON_CLIENT_SECRET) is not supported " +
  "by this program yet: it cannot connect to ConductorOne. Unset both to run a one-shot sync into --file " +
  "(BATON_FILE), then upload or inspect the c1z file yourself";

export const PROVISIONING_DISABLED =
  "provisioning is not enabled: pass -p / --provisioning or set BATON_PROVISIONING=true to let this " +
  "program change access";

/**
 * Picks the one-shot action and refuses what cannot run, before any network I/O: service mode (not
 * implemented: failing loudly beats silently syncing to a file nobody uploads) and provisioning
 * without `-p` (Baton's safety switch).
 */
export const chooseOneShotAction = (settings: BaseSettings): OneShotAction => {
  if (isSet(settings.clientId) || isSet(settings.clientSecret)) {
    throw new ConfigError(SERVICE_MODE_UNSUPPORTED);
  }
  const grantFlags = [settings.grantEntitlement, settings.grantPrincipal, settings.grantPrincipalType];
  const anyGrantFlag = grantFlags.some(isSet);
  if (anyGrantFlag && isSet(settings.revokeGrant)) {
    throw new ConfigError(
      "--grant-entitlement and --revoke-grant cannot be used together: choose one action",
    );
  }
  if (anyGrantFlag) {
    const { grantEntitlement, grantPrincipal, grantPrincipalType } = settings;
    if (!isSet(grantEntitlement) || !isSet(grantPrincipal) || !isSet(grantPrincipalType)) {
      throw new ConfigError(
        "--grant-entitlement, --grant-principal and --grant-principal-type must be set together " +
          "(BATON_GRANT_ENTITLEMENT, BATON_GRANT_PRINCIPAL, BATON_GRANT_PRINCIPAL_TYPE)",
      );
    }
    requireProvisioning(settings);
    return {
      kind: "grant",
      entitlementId: grantEntitlement,
      principal: { type: grantPrincipalType, id: grantPrincipal },
    };
  }
  if (isSet(settings.revokeGrant)) {
    requireProvisioning(settings);
    return { kind: "revoke", grantId: settings.revokeGrant };
  }
  return { kind: "sync" };
};

const requireProvisioning = (settings: BaseSettings): void => {
  if (!settings.provisioning) throw new ConfigError(PROVISIONING_DISABLED);
};

const isSet = (value: string | undefined): value is string => value !== undefined && value !== "";
