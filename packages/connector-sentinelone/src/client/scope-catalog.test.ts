import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  A1,
  A1_CUSTOM,
  A2,
  ADMIN,
  mockCatalog,
  S1,
  S1_CUSTOM,
  S3,
  TENANT_CUSTOM,
  VIEWER,
} from "../resource-types/test-fixtures.js";
import { testClient } from "./test-support.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("ScopeCatalog", () => {
  it("loads once per client, de-duplicates roles, and applies roles by level", async () => {
    const scope = mockCatalog();
    const client = testClient();
    const [catalog, again] = await Promise.all([client.catalog(), client.catalog()]);
    expect(again).toBe(catalog);
    expect(scope.isDone()).toBe(true);
    expect(catalog.roles).toHaveLength(6);
    const ids = (roles: readonly { id: string }[]) => roles.map((r) => r.id).sort();
    expect(ids(catalog.rolesAt("tenant"))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    expect(ids(catalog.rolesAt("account", A1))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM, A1_CUSTOM].sort());
    expect(ids(catalog.rolesAt("account", A2))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    expect(ids(catalog.rolesAt("site", S1))).toEqual(
      [ADMIN, VIEWER, TENANT_CUSTOM, A1_CUSTOM, S1_CUSTOM].sort(),
    );
    expect(ids(catalog.rolesAt("site", S3))).toEqual([ADMIN, VIEWER, TENANT_CUSTOM].sort());
    expect(catalog.canHold("site", S3, A1_CUSTOM)).toBe(false);
    expect(catalog.canHold("site", "129999999999999999", ADMIN)).toBe(false);
  });

  it("treats a 403 on /accounts as 'no accounts' and retries a failed load on the next call", async () => {
    mockCatalog({ accountsForbidden: true });
    const client = testClient();
    const catalog = await client.catalog();
    expect(catalog.accounts).toBeNull();
    expect(catalog.sites).toHaveLength(3);
    expect(catalog.hasScope("account", A1)).toBe(false);

    const failing = testClient();
    nock("https://acme.sentinelone.net").get(/.*/).times(12).reply(500, "<html>down</html>");
    await expect(failing.catalog()).rejects.toThrow(/500/);
    nock.cleanAll();
    mockCatalog();
    await expect(failing.catalog()).resolves.toBeDefined();
  });
});
