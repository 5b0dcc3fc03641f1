import { roleTraitOf } from "@baton-ts/connector-sdk";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { A1, A1_CUSTOM, callContext, mockCatalog, testClient } from "../../test/fixtures.js";
import { roleType } from "./role.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("role resource type", () => {
  it("lists each role once with scope, scope id and whether it is predefined", async () => {
    mockCatalog();
    const page = await roleType.list(testClient(), {}, callContext());
    expect(page.items).toHaveLength(6);
    const helpdesk = page.items.find((r) => r.id?.resource === A1_CUSTOM);
    expect(helpdesk?.description).toBe("Custom account-level role of Acme");
    expect(helpdesk === undefined ? undefined : roleTraitOf(helpdesk)?.profile).toMatchObject({
      scope: "account",
      scopeId: A1,
      predefinedRole: false,
    });
    expect(roleType.skipEntitlementsAndGrants).toBe(true);
  });
});
