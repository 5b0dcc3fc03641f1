import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { capabilitiesJson } from "@baton-ts/connector-sdk";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import {
  c1zDatabaseText,
  GO_BASE_FLAGS,
  type GoFlag,
  helpLinePattern,
  jsonLogLines,
  programRunner,
  readC1z,
} from "@baton-ts/connector-sdk/testing";
import { sentineloneConnector } from "@baton-ts/connector-sentinelone";
import {
  type SentinelOneSimulator,
  startSentinelOneSimulator,
} from "@baton-ts/connector-sentinelone/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const runCli = programRunner(new URL("../dist/bin/baton-sentinel-one.js", import.meta.url));

/** The visible flags of the Go program's `--help`: ours lists each with the same variable and default. */
const GO_SENTINELONE_FLAGS: readonly GoFlag[] = [
  ...GO_BASE_FLAGS,
  ["", "api-token", "string", "BATON_API_TOKEN", ""],
  ["", "management-console-url", "string", "BATON_MANAGEMENT_CONSOLE_URL", ""],
];
let simulator: SentinelOneSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startSentinelOneSimulator({
    seed: 5,
    accounts: 2,
    sites: 4,
    users: 20,
    serviceUsers: 3,
    roles: 8,
  });
  dir = await mkdtemp(join(tmpdir(), "baton-sentinel-one-e2e-"));
});
afterAll(async () => {
  await simulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** The Kubernetes Secret of the seed guides (without the ConductorOne client), pointed at the simulator. */
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  BATON_API_TOKEN: simulator.tokens.tenant,
  BATON_MANAGEMENT_CONSOLE_URL: simulator.url,
  ...extra,
});

describe("baton-sentinel-one (the built program against the SentinelOne simulator)", () => {
  it("lists the Go program's flags with the same variables and defaults", async () => {
    const { code, stdout } = await runCli(["-h"]);
    expect(code).toBe(ExitCode.ok);
    for (const flag of GO_SENTINELONE_FLAGS) expect(stdout).toMatch(helpLinePattern(flag));
    expect(stdout).toMatch(/^ {2}-h, --help +help for baton-sentinel-one$/m);
  });

  it("syncs the tenant into -f with one paged list per object kind", async () => {
    const file = join(dir, "tenant.c1z");
    simulator.clearRequestLog();
    const { code, stdout, stderr } = await runCli(["-f", file], env());
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toMatch(/^Synced SentinelOne into /);
    expect(`${stdout}${stderr}`).not.toContain(simulator.tokens.tenant);
    const calls = simulator.callsByRoute();
    for (const route of [
      "GET /users",
      "GET /service-users",
      "GET /sites",
      "GET /accounts",
      "GET /rbac/roles",
    ]) {
      expect(calls[route], route).toBeGreaterThanOrEqual(1);
    }
    const stats = await readC1z(file, (c1z) => c1z.stats());
    expect(await c1zDatabaseText(file)).not.toContain(simulator.tokens.tenant);
    expect(stats.resources.user).toBe(simulator.state.users.size);
    expect(stats.resources.service_user).toBe(simulator.state.serviceUsers.size);
    expect(stats.resources.site).toBe(simulator.state.sites.size);
    expect(stats.resources.account).toBe(simulator.state.accounts.size);
  });

  it("syncs with a site-scoped token: 403 on accounts skips accounts, not the run", async () => {
    const file = join(dir, "site.c1z");
    const { code, stderr } = await runCli(["-f", file], env({ BATON_API_TOKEN: simulator.tokens.site }));
    expect(code).toBe(ExitCode.ok);
    expect(stderr).not.toContain(simulator.tokens.site);
    const stats = await readC1z(file, (c1z) => c1z.stats());
    expect(stats.resources.account ?? 0).toBe(0);
    expect(stats.resources.site).toBe(2);
  });

  it("prints the sdk's capabilities JSON", async () => {
    const { code, stdout } = await runCli(["capabilities"]);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toBe(`${capabilitiesJson(sentineloneConnector)}\n`);
  });

  it("validates a working token (0) and explains a revoked one (1) without printing it", async () => {
    expect((await runCli(["validate"], env())).code).toBe(ExitCode.ok);
    const revoked = "s1-e2e-revoked-token-4f6a";
    simulator.addToken(revoked, { scope: "tenant" });
    simulator.revokeToken(revoked);
    const bad = await runCli(["validate"], env({ BATON_API_TOKEN: revoked }));
    expect(bad.code).toBe(ExitCode.failure);
    const [line] = jsonLogLines(bad.stderr).filter((log) => log.level === "error");
    expect(String(line?.msg)).toContain("validation failed: SentinelOne rejected the API token (401)");
    expect(`${bad.stdout}${bad.stderr}`).not.toContain(revoked);
  });

  it("grants and revokes a role at a site only with -p, and the simulator's scopeRoles follow", async () => {
    const file = join(dir, "provision.c1z");
    expect((await runCli(["-f", file], env())).code).toBe(ExitCode.ok);
    const user = simulator.state.users.all().find((u) => u.scope === "site" && u.scopeRoles.length > 0);
    const held = user?.scopeRoles[0];
    const site = simulator.state.sites
      .all()
      .find((s) => !user?.scopeRoles.some((entry) => entry.id === s.id));
    if (user === undefined || held === undefined || site === undefined)
      throw new Error("no site-scoped user to use");
    const entitlement = `site:${site.id}:${held.roleId}`;
    const before = structuredClone(user.scopeRoles);
    const grantFlags = [
      "--grant-entitlement",
      entitlement,
      "--grant-principal",
      user.id,
      "--grant-principal-type",
      "user",
    ];

    const refused = await runCli(["-f", file, ...grantFlags], env());
    expect(refused.code).toBe(ExitCode.usage);
    expect(simulator.state.users.get(user.id)?.scopeRoles).toEqual(before);

    const granted = await runCli(["-f", file, "-p", ...grantFlags], env());
    expect(granted.code, granted.stderr).toBe(ExitCode.ok);
    expect(simulator.state.users.get(user.id)?.scopeRoles).toEqual([
      ...before,
      { id: site.id, roleId: held.roleId },
    ]);

    expect((await runCli(["-f", file], env())).code).toBe(ExitCode.ok);
    const grantId = `${entitlement}:user:${user.id}`;
    const revoked = await runCli(["-f", file, "--revoke-grant", grantId], env({ BATON_PROVISIONING: "1" }));
    expect(revoked.code, revoked.stderr).toBe(ExitCode.ok);
    expect(revoked.stdout).toMatch(/^Revoked /);
    expect(simulator.state.users.get(user.id)?.scopeRoles).toEqual(before);
  });

  it("exits 2 for a plain-http console URL that is not loopback", async () => {
    const result = await runCli(
      ["validate"],
      env({ BATON_MANAGEMENT_CONSOLE_URL: "http://acme.sentinelone.net" }),
    );
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain("must be an https:// URL");
  });

  it("exits 2 when the API token is missing, naming the flag and the variable", async () => {
    const result = await runCli([], { BATON_MANAGEMENT_CONSOLE_URL: simulator.url });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain("missing --api-token / BATON_API_TOKEN");
  });
});
