import {
  assignmentEntitlement,
  grant,
  provisionTargetOf,
  resource,
  userResource,
} from "@baton-ts/connector-sdk";
import type { Entitlement } from "@baton-ts/protocol";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, callContext, S1, S2, TEST_CONSOLE, testClient, VIEWER } from "../../test/fixtures.js";
import { grantScopeRole, revokeScopeRole, scopeRoleTarget } from "./scope-role-provisioning.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const API = "/web/api/v2.1";
const USER_ID = "140000000000000009";
const site = (id: string) => resource({ type: "site", id, displayName: `Acme / ${id}` });
const principal = userResource({ type: "user", id: USER_ID, displayName: "Ava", user: {} });
const entitlementAt = (siteId: string, roleId: string) => assignmentEntitlement(site(siteId), roleId);
const siteUser = (entries: { id: string; roleId: string }[]) => ({
  data: { id: USER_ID, email: "ava@acme.example.com", scope: "site", scopeRoles: entries },
});

describe("scopeRoleTarget", () => {
  it("reads level, scope id and role id, and rejects other entitlements", () => {
    const parseScopeEntitlement = (entitlement: Entitlement) =>
      scopeRoleTarget(provisionTargetOf({ principal, entitlement }));
    expect(parseScopeEntitlement(entitlementAt(S1, VIEWER))).toMatchObject({
      level: "site",
      scopeId: S1,
      roleId: VIEWER,
    });
    const tenant = assignmentEntitlement(resource({ type: "tenant", id: "tenant", displayName: "t" }), ADMIN);
    expect(parseScopeEntitlement(tenant)).toMatchObject({
      level: "tenant",
      scopeId: undefined,
      roleId: ADMIN,
    });
    const other = assignmentEntitlement(resource({ type: "role", id: ADMIN, displayName: "r" }), "member");
    expect(() => parseScopeEntitlement(other)).toThrow(/not a SentinelOne role entitlement/);
  });
});

describe("grantScopeRole / revokeScopeRole", () => {
  it("reads the user (and again right before the write), PUTs the whole list with one entry added, reads back", async () => {
    let sent: unknown;
    const after = siteUser([
      { id: S1, roleId: ADMIN },
      { id: S2, roleId: VIEWER },
    ]);
    nock(TEST_CONSOLE)
      .get(`${API}/users/${USER_ID}`)
      .times(2)
      .reply(200, siteUser([{ id: S1, roleId: ADMIN }]))
      .put(`${API}/users/${USER_ID}`, (body) => {
        sent = body;
        return true;
      })
      .reply(200, after)
      .get(`${API}/users/${USER_ID}`)
      .reply(200, after);
    const outcome = await grantScopeRole(
      testClient(),
      { principal, entitlement: entitlementAt(S2, VIEWER) },
      callContext(),
    );
    expect(outcome.kind).toBe("granted");
    expect(sent).toEqual({
      data: {
        scope: "site",
        scopeRoles: [
          { id: S1, roleId: ADMIN },
          { id: S2, roleId: VIEWER },
        ],
      },
    });
  });

  it("reports already-exists and already-revoked without writing", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/users/${USER_ID}`)
      .times(2)
      .reply(
        200,
        siteUser([
          { id: S1, roleId: ADMIN },
          { id: S2, roleId: VIEWER },
        ]),
      );
    const client = testClient();
    const granted = await grantScopeRole(
      client,
      { principal, entitlement: entitlementAt(S1, ADMIN) },
      callContext(),
    );
    expect(granted.kind).toBe("already-exists");
    const held = grant(site(S1), VIEWER, principal.id ?? principal);
    held.entitlement = entitlementAt(S1, VIEWER);
    held.principal = principal;
    const revoked = await revokeScopeRole(client, { grant: held }, callContext());
    expect(revoked.kind).toBe("already-revoked");
    // No PUT interceptor exists: a write would have failed the test with a nock error.
  });

  it("treats a principal deleted since the sync as already revoked", async () => {
    nock(TEST_CONSOLE)
      .get(`${API}/users/${USER_ID}`)
      .reply(404, { errors: [{ code: 4040010, detail: "User not found", title: "Not Found" }] });
    const held = grant(site(S1), ADMIN, principal.id ?? principal);
    held.entitlement = entitlementAt(S1, ADMIN);
    held.principal = principal;
    expect((await revokeScopeRole(testClient(), { grant: held }, callContext())).kind).toBe(
      "already-revoked",
    );
  });

  it("refuses a grant to a resource that is not a user or service user", async () => {
    const role = resource({ type: "role", id: ADMIN, displayName: "Admin" });
    await expect(
      grantScopeRole(testClient(), { principal: role, entitlement: entitlementAt(S1, ADMIN) }, callContext()),
    ).rejects.toThrow(/users and service users only/);
  });
});
