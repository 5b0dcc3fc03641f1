import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { C1zFile } from "@baton-ts/c1z";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type {
  AccessView,
  ChangesView,
  EntitlementView,
  Overview,
  Page,
  ResourceRef,
} from "../src/explorer/api-types.js";
import { type RunningExplorer, runBaton, startExplorer } from "../src/index.js";
import { Capture, useCacheDir } from "./support.js";

// The explorer's server on the Segment fixture (see cli-json-segment.test.ts for what it holds).
const path = inject("segmentC1z");
const sha256 = () => createHash("sha256").update(readFileSync(path)).digest("hex");
const before = sha256();
let file: C1zFile;
let explorer: RunningExplorer;
beforeAll(async () => {
  file = await C1zFile.open(path, { readOnly: true });
  explorer = await startExplorer({ file, syncId: file.readerSyncId() as string });
});
afterAll(async () => {
  await explorer.close();
  file.close();
});

const api = async <T>(pathAndQuery: string): Promise<T> => {
  const response = await fetch(`${explorer.url}api/${pathAndQuery}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("server-timing")).toMatch(/^app;dur=\d+(\.\d)?$/);
  return (await response.json()) as T;
};

/** A raw GET with any Host header (fetch always sends the URL's). */
const rawGet = (pathname: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    request(
      { host: "127.0.0.1", port: explorer.port, path: pathname, headers: { Host: host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    )
      .on("error", reject)
      .end();
  });

describe("the explorer's server", () => {
  it("listens on 127.0.0.1 and refuses every request without the token", async () => {
    const url = new URL(explorer.url);
    expect(url.hostname).toBe("127.0.0.1");
    const token = url.pathname.split("/")[1] ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // One character off: a different last character whatever the random token ends with.
    const almostToken = `${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}`;
    for (const pathname of ["/", "/api/overview", `/${almostToken}/api/overview`, "/index.html", "/app.js"]) {
      const response = await fetch(`${url.origin}${pathname}`);
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/^Forbidden/);
    }
    expect((await fetch(explorer.url)).status).toBe(200);
    expect((await fetch(`${explorer.url}api/overview`, { method: "POST" })).status).toBe(405);
  });

  it("refuses requests for another host name (DNS rebinding)", async () => {
    const pathname = new URL(`${explorer.url}api/overview`).pathname;
    expect(await rawGet(pathname, "attacker.example")).toBe(403);
    expect(await rawGet(pathname, `localhost:${explorer.port}`)).toBe(200);
  });

  it("serves the app with a policy that allows nothing from elsewhere", async () => {
    const page = await fetch(explorer.url);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain('<script src="app.js"></script>');
    expect((await fetch(`${explorer.url}app.js`)).headers.get("content-type")).toMatch(/^text\/javascript/);
    expect((await fetch(`${explorer.url}../package.json`)).status).toBe(403);
    expect((await fetch(`${explorer.url}secret.txt`)).status).toBe(404);
  });

  it("overview: sync, counts, the entitlements with most holders", async () => {
    const overview = await api<Overview>("overview");
    expect(overview.syncs).toBe(2);
    expect(overview.previousSync?.id).not.toBe(overview.sync.id);
    expect(overview.grants).toBe(28);
    expect(overview.types.find((type) => type.id === "user")).toEqual({
      id: "user",
      name: "User",
      traits: ["user"],
      resources: 6,
    });
    expect(overview.topEntitlements.slice(0, 3).map((row) => [row.entitlement.name, row.holders])).toEqual([
      ["Workspace Member (workspace-wide)", 6],
      ["Wayne Media member", 6],
      ["Warehouse Read-only (workspace-wide)", 3],
    ]);
    expect(overview.nonHumanTotal).toBe(0);
  });

  it("search, a resource, an entitlement's holders and a principal's access", async () => {
    const found = await api<Page<ResourceRef>>("search?q=andrei");
    expect(found.items).toEqual([
      { type: "user", id: "apBVdI649YIRABJ7HckopSL8EaR", name: "Andrei Adeyemi", typeName: "User" },
    ]);
    const growth = await api<{ entitlements: { items: { holders: number }[] } }>(
      "resource?type=group&id=Xnja4Ew0we90H9q3kQJBAhoB5U3",
    );
    expect(growth.entitlements.items.map((row) => row.holders)).toEqual([2]);
    const holders = await api<EntitlementView>("entitlement?id=role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member");
    expect(
      holders.page.items.map((h) => [h.principal.name, h.how.direct, h.how.via.map((v) => v.resource.name)]),
    ).toEqual([
      ["Growth", true, []],
      ["Andrei Adeyemi", false, ["Growth"]],
      ["Maya Singh (renamed)", false, ["Growth"]],
    ]);
    const access = await api<AccessView>("access?type=user&id=apBVdI649YIRABJ7HckopSL8EaR");
    expect(access.grants).toBe(7);
    const derived = access.page.items.flatMap((group) => group.entries.filter((entry) => !entry.how.direct));
    expect(
      derived.map((entry) => [entry.entitlement.resource.name, entry.how.via.map((via) => via.id)]),
    ).toEqual([
      ["Email Events (staging)", ["group:Xnja4Ew0we90H9q3kQJBAhoB5U3:member"]],
      ["Warehouse Read-only", ["group:Xnja4Ew0we90H9q3kQJBAhoB5U3:member"]],
      ["Production", ["group:EZ14aAJKcIGYYDnHmkqFiWygOnT:member"]],
    ]);
  });

  it("what changed since the previous sync, page by page", async () => {
    const created = await api<ChangesView>("changes?kind=grants&change=created");
    expect(created.page.items.map((item) => item.label).sort()).toEqual([
      "Maya Singh (renamed): Email Events (staging) · Source Admin on Email Events (staging)",
      "Maya Singh (renamed): Growth · Growth member",
      "Maya Singh (renamed): Warehouse Read-only · Warehouse Read-only (workspace-wide)",
    ]);
    const modified = await api<ChangesView>("changes?kind=resources&change=modified");
    expect(modified.page.items.map((item) => item.label)).toEqual(["Maya Singh (renamed)"]);
    expect((await fetch(`${explorer.url}api/changes?kind=users`)).status).toBe(404);
  });

  it("exports one entitlement's holders and one principal's access as CSV", async () => {
    const holders = await fetch(
      `${explorer.url}api/export/holders.csv?id=role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member`,
    );
    expect(holders.headers.get("content-disposition")).toBe(
      'attachment; filename="holders-role_QoRLmNfDlRgvsqOD3CgdxGiFrES_member.csv"',
    );
    const lines = (await holders.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("Entitlement,Principal Type,Principal ID,Principal Name,Email,How,Via,Grant ID");
    expect(lines).toContain(
      "role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member,user,apBVdI649YIRABJ7HckopSL8EaR,Andrei Adeyemi,andrei.adeyemi@waynemedia.example,derived,group:Xnja4Ew0we90H9q3kQJBAhoB5U3:member,role:QoRLmNfDlRgvsqOD3CgdxGiFrES:member:user:apBVdI649YIRABJ7HckopSL8EaR",
    );
    const access = await (
      await fetch(`${explorer.url}api/export/access.csv?type=user&id=apBVdI649YIRABJ7HckopSL8EaR`)
    ).text();
    expect(access.trimEnd().split("\n")).toHaveLength(8);
    const missing = await fetch(`${explorer.url}api/export/holders.csv?id=nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'no entitlement "nope" in this sync: "baton entitlements" lists them',
    });
  });

  it("reads the file without changing it", () => {
    expect(sha256()).toBe(before);
  });
});

describe("baton explorer", () => {
  // Made here, not inside the test: an afterAll registered inside a test never runs, and the directory stayed.
  const cacheDir = useCacheDir();

  it("prints the private link, serves until stopped, then closes", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const controller = new AbortController();
    const running = runBaton(["-f", path, "explorer"], {
      stdout,
      stderr,
      env: { BATON_CACHE_DIR: cacheDir },
      signal: controller.signal,
    });
    let url: string | undefined;
    for (let attempt = 0; attempt < 600 && url === undefined; attempt++) {
      url = /Open (http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/)/.exec(stdout.text)?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url).toBeDefined();
    expect((await fetch(`${url}api/overview`)).status).toBe(200);
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}api/overview`)).rejects.toThrow();
    expect(stderr.text).toBe("");
  });
});

describe("the explorer on the SentinelOne tenant", () => {
  it("lists its service users as non-human identities", async () => {
    const s1 = await C1zFile.open(inject("sentineloneC1z"), { readOnly: true });
    const running = await startExplorer({ file: s1, syncId: s1.readerSyncId() as string });
    try {
      const overview = (await (await fetch(`${running.url}api/overview`)).json()) as Overview;
      expect(overview.nonHumanTotal).toBe(2);
      expect(overview.nonHuman.map((row) => [row.principal.name, row.accountType])).toEqual([
        ["svc-mdm-bridge-1", "service"],
        ["svc-ticketing-2", "service"],
      ]);
      // Its API token expired in 2024 (the other one's status depends on today's date: the connector
      // compares its token expiry with the clock).
      expect(overview.nonHuman[1]?.status).toBe("disabled");
      expect(overview.previousSync).toBeUndefined();
      const changes = (await (await fetch(`${running.url}api/changes`)).json()) as ChangesView;
      expect(changes.page.items).toEqual([]);
    } finally {
      await running.close();
      s1.close();
    }
  });
});
