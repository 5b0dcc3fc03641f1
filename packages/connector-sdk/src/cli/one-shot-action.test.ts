import { describe, expect, it } from "vitest";
import { baseConfigSchema } from "../config/base-config.js";
import { ConfigError } from "../errors.js";
import { chooseOneShotAction, PROVISIONING_DISABLED, SERVICE_MODE_UNSUPPORTED } from "./one-shot-action.js";
import type { BaseSettings } from "./settings.js";

// Every default, as a run without flags or variables gets them.
const base: BaseSettings = baseConfigSchema.parse({});

describe("chooseOneShotAction", () => {
  it("syncs when no action flag is set", () => {
    expect(chooseOneShotAction(base)).toEqual({ kind: "sync" });
  });

  it("refuses service mode instead of pretending to run it", () => {
    expect(() => chooseOneShotAction({ ...base, clientId: "id", clientSecret: "s" })).toThrow(
      SERVICE_MODE_UNSUPPORTED,
    );
    expect(() => chooseOneShotAction({ ...base, clientSecret: "s" })).toThrow(ConfigError);
  });

  it("builds a grant from the three grant flags, only with provisioning on", () => {
    const flags = { grantEntitlement: "group:g1:member", grantPrincipal: "u1", grantPrincipalType: "user" };
    expect(() => chooseOneShotAction({ ...base, ...flags })).toThrow(PROVISIONING_DISABLED);
    expect(chooseOneShotAction({ ...base, ...flags, provisioning: true })).toEqual({
      kind: "grant",
      entitlementId: "group:g1:member",
      principal: { type: "user", id: "u1" },
    });
  });

  it("requires the grant flags together and refuses grant with revoke", () => {
    expect(() => chooseOneShotAction({ ...base, provisioning: true, grantEntitlement: "e" })).toThrow(
      /must be set together/,
    );
    expect(() =>
      chooseOneShotAction({
        ...base,
        provisioning: true,
        grantEntitlement: "e",
        grantPrincipal: "p",
        grantPrincipalType: "user",
        revokeGrant: "g",
      }),
    ).toThrow(/cannot be used together/);
  });

  it("builds a revoke, only with provisioning on", () => {
    expect(() => chooseOneShotAction({ ...base, revokeGrant: "g" })).toThrow(PROVISIONING_DISABLED);
    expect(chooseOneShotAction({ ...base, provisioning: true, revokeGrant: "g" })).toEqual({
      kind: "revoke",
      grantId: "g",
    });
  });
});
