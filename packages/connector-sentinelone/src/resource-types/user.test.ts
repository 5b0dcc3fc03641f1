import { userTraitOf } from "@baton-ts/connector-sdk";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  A1,
  ADMIN,
  callContext,
  mockCatalog,
  S1,
  S1_CUSTOM,
  S2,
  S3,
  TEST_CONSOLE,
  testClient,
  VIEWER,
} from "../../test/fixtures.js";
import { userType } from "./user.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const USERS = [
  {
    id: "140000000000000001",
    email: "ava.smith@acme.example.com",
    fullName: "Ava Smith",
    scope: "site",
    source: "sso_saml",
    emailVerified: true,
    lastLogin: "2026-11-01T10:00:00Z",
    dateJoined: "2024-01-01T00:00:00Z",
    twoFaEnabled: false,
    twoFaStatus: "not_configured",
    apiToken: { createdAt: "2026-06-01T00:00:00Z", expiresAt: "2026-12-01T00:00:00Z" },
    scopeRoles: [
      { id: S1, name: "Default site", accountName: "Acme", roleId: S1_CUSTOM, roleName: "Lab Ops" },
      { id: S2, name: "Berlin Lab", accountName: "Acme", roleId: VIEWER, roleName: "Viewer" },
      // Outside what was listed: left out, never a grant on a missing entitlement.
      { id: "129999999999999999", name: "Hidden", accountName: "Other", roleId: VIEWER },
      // Role not usable at that site (an account role of another account).
      { id: S3, name: "Default site", accountName: "Globex", roleId: S1_CUSTOM },
    ],
  },
  {
    id: "140000000000000002",
    email: "noah@acme.example.com",
    fullName: "Noah Invited",
    scope: "tenant",
    source: "mgmt",
    emailVerified: false,
    lastLogin: null,
    twoFaEnabled: true,
    scopeRoles: [{ roleId: ADMIN, roleName: "Admin" }],
  },
  {
    id: "140000000000000003",
    email: "legacy@acme.example.com",
    scope: "account",
    // A legacy entry with only a predefined role name.
    scopeRoles: [{ id: A1, name: "Acme", accountName: "Acme", roleName: "Viewer" }],
  },
];

describe("user resource type", () => {
  it("lists one page of users with reviewer facts and emits grants from scopeRoles without more calls", async () => {
    nock(TEST_CONSOLE)
      .get("/web/api/v2.1/users")
      .query({ limit: "1000", cursor: "dXNlcl9pZDox" })
      .reply(200, { data: USERS, pagination: { nextCursor: "dXNlcl9pZDoy" } });
    mockCatalog();
    const client = testClient();
    const page = await userType.list(client, { cursor: "dXNlcl9pZDox" }, callContext());
    expect(page.nextCursor).toBe("dXNlcl9pZDoy");
    const [ava, noah, legacy] = page.items;
    if (ava === undefined || noah === undefined || legacy === undefined) throw new Error("missing users");

    const avaTrait = userTraitOf(ava);
    expect(ava.displayName).toBe("Ava Smith");
    expect(avaTrait?.emails[0]).toMatchObject({ address: "ava.smith@acme.example.com", isPrimary: true });
    expect(avaTrait?.ssoStatus?.ssoEnabled).toBe(true);
    expect(avaTrait?.mfaStatus?.mfaEnabled).toBe(false);
    expect(avaTrait?.profile).toMatchObject({
      scope: "site",
      source: "sso_saml",
      apiTokenExpiresAt: "2026-12-01T00:00:00Z",
      lastLogin: "2026-11-01T10:00:00Z",
    });
    expect(userTraitOf(noah)?.status?.details).toBe("invited: email not verified and never logged in");

    const grantsOf = async (resource: typeof ava) => {
      if (userType.grants === undefined) throw new Error("no grants");
      return (await userType.grants(client, { resource }, callContext())).items.map((g) => g.id);
    };
    // Every entry is a grant; the two on what a sync does not list (a site outside the token's view, an
    // account's role at another account's site) are left out and counted by the engine (test/sync.test.ts).
    expect(await grantsOf(ava)).toEqual([
      `site:${S1}:${S1_CUSTOM}:user:${ava.id?.resource}`,
      `site:${S2}:${VIEWER}:user:${ava.id?.resource}`,
      `site:129999999999999999:${VIEWER}:user:${ava.id?.resource}`,
      `site:${S3}:${S1_CUSTOM}:user:${ava.id?.resource}`,
    ]);
    expect(await grantsOf(noah)).toEqual([`tenant:tenant:${ADMIN}:user:${noah.id?.resource}`]);
    expect(await grantsOf(legacy)).toEqual([`account:${A1}:${VIEWER}:user:${legacy.id?.resource}`]);
  });
});
