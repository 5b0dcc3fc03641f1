import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { testClient } from "../client/test-support.js";
import { tenantResourceType } from "./tenant.js";
import { ADMIN, callContext, mockCatalog, TENANT_CUSTOM, VIEWER } from "./test-fixtures.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("tenant resource type", () => {
  it("is one resource whose entitlements are the tenant-level roles, in name order", async () => {
    mockCatalog();
    const client = testClient();
    const page = await tenantResourceType.list(client, {}, callContext());
    expect(page.items.map((r) => `${r.id?.resourceType}:${r.id?.resource}`)).toEqual(["tenant:tenant"]);
    const tenant = page.items[0];
    if (tenant === undefined || tenantResourceType.entitlements === undefined) throw new Error("no tenant");
    const entitlements = await tenantResourceType.entitlements(client, { resource: tenant }, callContext());
    expect(entitlements.items.map((e) => e.id)).toEqual([
      `tenant:tenant:${ADMIN}`,
      `tenant:tenant:${TENANT_CUSTOM}`,
      `tenant:tenant:${VIEWER}`,
    ]);
  });
});
