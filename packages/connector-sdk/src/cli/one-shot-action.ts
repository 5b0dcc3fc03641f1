import { ConfigError } from "../errors.js";
import type { BaseSettings } from "./settings.js";

/** What the default command does, decided by the hidden one-shot flags (as in Baton's Go CLI). */
export type OneShotAction =
  | { readonly kind: "sync" }
  | {
      readonly kind: "grant";
      readonly entitlementId: string;
      readonly principal: { readonly type: string; readonly id: string };
    }
  | { readonly kind: "revoke"; readonly grantId: string };

export const ONE_SHOT_IN_SERVICE_MODE =
  "--grant-entitlement / --revoke-grant are one-shot actions and cannot be combined with service mode " +
  "(--client-id / BATON_CLIENT_ID): in service mode ConductorOne sends grant and revoke tasks. Unset the " +
  "client id and secret to run the one-shot action";

export const PROVISIONING_DISABLED =
  "provisioning is not enabled: pass -p / --provisioning or set BATON_PROVISIONING=true to let this " +
  "program change access";

/** Service mode is on when a client id is set, as in baton-sdk (the secret must come with it). */
export const isServiceMode = (settings: BaseSettings): boolean =>
  isSet(settings.clientId) || isSet(settings.clientSecret);

/** Refuses one-shot action flags in service mode, where ConductorOne sends the actions as tasks. */
export const rejectOneShotInServiceMode = (settings: BaseSettings): void => {
  const oneShot = [
    settings.grantEntitlement,
    settings.grantPrincipal,
    settings.grantPrincipalType,
    settings.revokeGrant,
  ];
  if (oneShot.some(isSet)) throw new ConfigError(ONE_SHOT_IN_SERVICE_MODE);
};

/**
 * Picks the one-shot action and refuses what cannot run, before any network I/O: provisioning
 * without `-p` (Baton's safety switch).
 */
export const chooseOneShotAction = (settings: BaseSettings): OneShotAction => {
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
