import { describe, expect, it } from "vitest";
import { baseConfigSchema } from "../config/base-config.js";
import { ConfigError } from "../errors.js";
import {
  chooseOneShotAction,
  isServiceMode,
  ONE_SHOT_IN_SERVICE_MODE,
  PROVISIONING_DISABLED,
  rejectOneShotInServiceMode,
} from "./one-shot-action.js";
import type { BaseSettings } from "./settings.js";

// Every default, as a run without flags or variables gets them.
const base: BaseSettings = baseConfigSchema.parse({});

describe("chooseOneShotAction", () => {
  it("syncs when no action flag is set", () => {
    expect(chooseOneShotAction(base)).toEqual({ kind: "sync" });
  });

  it("knows service mode by the client id or secret, and refuses one-shot flags there", () => {
    expect(isServiceMode(base)).toBe(false);
    expect(isServiceMode({ ...base, clientId: "id", clientSecret: "s" })).toBe(true);
    expect(isServiceMode({ ...base, clientSecret: "s" })).toBe(true);
    expect(() => rejectOneShotInServiceMode({ ...base, clientId: "id", revokeGrant: "g" })).toThrow(
      ONE_SHOT_IN_SERVICE_MODE,
    );
    expect(() => rejectOneShotInServiceMode({ ...base, grantEntitlement: "e" })).toThrow(ConfigError);
    expect(() => rejectOneShotInServiceMode({ ...base, clientId: "id" })).not.toThrow();
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
