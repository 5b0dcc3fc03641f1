import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, callContext, mockCatalog, TENANT_CUSTOM, testClient, VIEWER } from "../../test/fixtures.js";
import { tenantType } from "./tenant.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("tenant resource type", () => {
  it("is one resource whose entitlements are the tenant-level roles, in name order", async () => {
    mockCatalog();
    const client = testClient();
    const page = await tenantType.list(client, {}, callContext());
    expect(page.items.map((r) => `${r.id?.resourceType}:${r.id?.resource}`)).toEqual(["tenant:tenant"]);
    const tenant = page.items[0];
    if (tenant === undefined || tenantType.entitlements === undefined) throw new Error("no tenant");
    const entitlements = await tenantType.entitlements(client, { resource: tenant }, callContext());
    expect(entitlements.items.map((e) => e.id)).toEqual([
      `tenant:tenant:${ADMIN}`,
      `tenant:tenant:${TENANT_CUSTOM}`,
      `tenant:tenant:${VIEWER}`,
    ]);
  });
});
