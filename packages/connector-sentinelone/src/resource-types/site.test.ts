import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { A1, A2, callContext, mockCatalog, S1, S1_CUSTOM, S2, S3, testClient } from "../../test/fixtures.js";
import { siteType } from "./site.js";

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("site resource type", () => {
  it("lists every site under its own account, named with the account, state in the description", async () => {
    mockCatalog();
    const client = testClient();
    const page = await siteType.list(client, {}, callContext());
    expect(page.items.map((r) => [r.id?.resource, r.parentResourceId?.resource, r.displayName])).toEqual([
      [S1, A1, "Acme / Default site"],
      [S2, A1, "Acme / Berlin Lab"],
      [S3, A2, "Globex / Default site"],
    ]);
    expect(page.items[1]?.description).toContain("state deleted");
    const site = page.items[0];
    if (site === undefined || siteType.entitlements === undefined) throw new Error("no site");
    const entitlements = await siteType.entitlements(client, { resource: site }, callContext());
    expect(entitlements.items).toHaveLength(5);
    expect(entitlements.items.map((e) => e.id)).toContain(`site:${S1}:${S1_CUSTOM}`);
  });
});
