import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { C1zFile } from "@baton-ts/c1z";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningExplorer, startExplorer } from "../src/index.js";

// The explorer in a real browser: Debian's headless Chromium (scripts/ensure-chromium.sh installs it
// before the tests), driven by playwright-core, kept off the network by its flags. With
// BATON_SCREENSHOTS=1 the test also writes a screenshot of each view into docs/images/ (for
// docs/explorer.md).
const CHROMIUM = process.env.BATON_TEST_CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.BATON_SCREENSHOTS
  ? fileURLToPath(new URL("../../../docs/images/", import.meta.url))
  : undefined;
const MAYA = "Maya Singh (renamed)";

let file: C1zFile;
let explorer: RunningExplorer;
let context: BrowserContext;
let page: Page;
const profile = mkdtempSync(join(tmpdir(), "baton-chromium-"));
const requested: string[] = [];

beforeAll(async () => {
  file = await C1zFile.open(inject("segmentC1z"), { readOnly: true });
  explorer = await startExplorer({ file, syncId: file.readerSyncId() as string });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1100, height: 760 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await context.newPage();
  page.on("request", (request) => requested.push(request.url()));
});
afterAll(async () => {
  await context?.close();
  await explorer?.close();
  file?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function screenshot(name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `explorer-${name}.png`) });
}

describe("the explorer in Chromium", () => {
  it("refuses the page without the token", async () => {
    const response = await page.goto(new URL(explorer.url).origin);
    expect(response?.status()).toBe(403);
    expect(await page.textContent("body")).toContain("Forbidden");
  });

  it("shows the overview", async () => {
    await page.goto(explorer.url);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(await page.textContent("main")).toContain("Entitlements with the most holders");
    await screenshot("overview");
  });

  it("finds a user, opens her access, and shows a group-derived grant with its provenance", async () => {
    await page.getByLabel("Quick search").fill("maya");
    await page.getByLabel("Quick search").press("Enter");
    await page.getByRole("link", { name: MAYA }).waitFor();
    await screenshot("search");
    await page.getByRole("link", { name: MAYA }).click();
    await page.getByRole("heading", { name: MAYA }).waitFor();
    await screenshot("resource");
    await page.getByRole("link", { name: "Effective access" }).click();
    await page.getByRole("heading", { name: `Access of ${MAYA}` }).waitFor();
    const row = page.locator("tr", { hasText: "Warehouse Read-only (workspace-wide)" });
    await expect.poll(() => row.locator(".badge.via").textContent()).toBe("via Growth · Growth member");
    expect(await row.locator(".badge.direct").count()).toBe(0);
    await screenshot("access");
  });

  it("exports the principal's access as CSV", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("access-user-3icj0PNhe8gTPO1zHMmAQ9YGRm8.csv");
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv).toContain(
      "user:3icj0PNhe8gTPO1zHMmAQ9YGRm8,role,QoRLmNfDlRgvsqOD3CgdxGiFrES,Warehouse Read-only,role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member,Warehouse Read-only (workspace-wide),derived,group:Xnja4Ew0we90H9q3kQJBAhoB5U3:member,",
    );
  });

  it("lists an entitlement's holders, direct or through the group", async () => {
    await page.locator(".badge.via a", { hasText: "Growth · Growth member" }).first().click();
    await page.getByRole("heading", { name: "Growth · Growth member" }).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(2); // Andrei and Maya
    await page.goto(
      `${explorer.url}#/entitlement/${encodeURIComponent("role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member")}`,
    );
    await page.getByRole("heading", { name: /Holders \(3\)/ }).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(3);
    await screenshot("entitlement");
  });

  it("shows what changed since the previous sync", async () => {
    await page.getByRole("link", { name: "Changes", exact: true }).click();
    await page.getByRole("heading", { name: "What changed" }).waitFor();
    await page.getByRole("link", { name: "deleted" }).click();
    await expect.poll(() => page.locator("ul.results li").count()).toBe(3);
    expect(await page.textContent("ul.results")).toContain("Ines Garcia: Growth · Growth member");
    await screenshot("changes");
  });

  it("loaded nothing from anywhere but the explorer", () => {
    const origin = new URL(explorer.url).origin;
    expect(requested.length).toBeGreaterThan(5);
    expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
  });
});
