import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { A1, A1_CUSTOM, A2, callContext, mockCatalog, testClient } from "../../test/fixtures.js";
import { accountType } from "./account.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("account resource type", () => {
  it("lists accounts with their state, and per-role entitlements grantable to users and service users", async () => {
    mockCatalog();
    const client = testClient();
    const page = await accountType.list(client, {}, callContext());
    expect(page.items.map((r) => r.id?.resource)).toEqual([A1, A2]);
    expect(page.items[1]?.description).toBe(
      "Account, state expired; type Trial; expired 2026-01-01T00:00:00Z",
    );
    const acme = page.items[0];
    if (acme === undefined || accountType.entitlements === undefined) throw new Error("no account");
    const entitlements = await accountType.entitlements(client, { resource: acme }, callContext());
    expect(entitlements.items.map((e) => e.id)).toContain(`account:${A1}:${A1_CUSTOM}`);
    expect(entitlements.items).toHaveLength(4);
    const helpdesk = entitlements.items.find((e) => e.slug === A1_CUSTOM);
    expect(helpdesk?.displayName).toBe("Helpdesk at Acme");
    expect(helpdesk?.grantableTo.map((t) => t.id)).toEqual(["user", "service_user"]);
  });

  it("lists no accounts for a site-scoped token", async () => {
    mockCatalog({ accountsForbidden: true });
    const page = await accountType.list(testClient(), {}, callContext());
    expect(page.items).toEqual([]);
  });
});
