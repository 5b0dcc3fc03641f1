import { userTraitOf } from "@baton-ts/connector-sdk";
import { UserTrait_AccountType, UserTrait_Status_Status } from "@baton-ts/protocol";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { A1, A1_CUSTOM, callContext, mockCatalog, TEST_CONSOLE, testClient } from "../../test/fixtures.js";
import { serviceUserFromApi, serviceUserType } from "./service-user.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const SVC = {
  id: "150000000000000001",
  name: "svc-siem-export-1",
  description: "SIEM export",
  scope: "account",
  scopeRoles: [{ id: A1, name: "Acme", accountName: "Acme", roleId: A1_CUSTOM }],
  lastActivation: "2026-11-20T08:00:00Z",
  createdBy: { id: "1", name: "Owner" },
  apiToken: { createdAt: "2025-01-01T00:00:00Z", expiresAt: "2026-01-01T00:00:00Z" },
};

describe("service user resource type", () => {
  it("lists service users as service accounts and grants their scopeRoles", async () => {
    nock(TEST_CONSOLE)
      .get("/web/api/v2.1/service-users")
      .query({ limit: "1000" })
      .reply(200, { data: [SVC], pagination: { nextCursor: null } });
    mockCatalog();
    const client = testClient();
    const page = await serviceUserType.list(client, {}, callContext());
    expect(page.nextCursor).toBeUndefined();
    const svc = page.items[0];
    if (svc === undefined || serviceUserType.grants === undefined) throw new Error("no service user");
    const trait = userTraitOf(svc);
    expect(svc.displayName).toBe("svc-siem-export-1");
    expect(trait?.accountType).toBe(UserTrait_AccountType.SERVICE);
    expect(trait?.profile).toMatchObject({ lastActivation: "2026-11-20T08:00:00Z", createdBy: "Owner" });
    const grants = await serviceUserType.grants(client, { resource: svc }, callContext());
    expect(grants.items.map((g) => g.id)).toEqual([`account:${A1}:${A1_CUSTOM}:service_user:${SVC.id}`]);
  });

  it("is disabled once its API token has expired, enabled before", () => {
    const before = serviceUserFromApi({ ...SVC, scope: "account" }, Date.parse("2025-06-01T00:00:00Z"));
    const after = serviceUserFromApi({ ...SVC, scope: "account" }, Date.parse("2026-06-01T00:00:00Z"));
    expect(userTraitOf(before)?.status).toMatchObject({
      status: UserTrait_Status_Status.ENABLED,
      details: "API token expires 2026-01-01T00:00:00Z",
    });
    expect(userTraitOf(after)?.status).toMatchObject({
      status: UserTrait_Status_Status.DISABLED,
      details: "API token expired 2026-01-01T00:00:00Z",
    });
  });
});
