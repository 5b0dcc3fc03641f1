import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { capabilitiesJson } from "@baton-ts/connector-sdk";
import { ExitCode } from "@baton-ts/connector-sdk/cli";
import {
  c1zDatabaseText,
  GO_BASE_FLAGS,
  GO_HIDDEN_FLAGS,
  type GoFlag,
  helpLinePattern,
  jsonLogLines,
  programRunner,
  readC1z,
} from "@baton-ts/connector-sdk/testing";
import { segmentConnector } from "@baton-ts/connector-segment";
import { type SegmentSimulator, startSegmentSimulator } from "@baton-ts/connector-segment/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const runCli = programRunner(new URL("../dist/bin/baton-segment.js", import.meta.url));

/** The visible flags of the Go program's `--help`: ours lists each with the same variable and default. */
const GO_SEGMENT_FLAGS: readonly GoFlag[] = [
  ...GO_BASE_FLAGS,
  ["p", "provisioning", "", "BATON_PROVISIONING", ""],
  ["", "token", "string", "BATON_TOKEN", ""],
];
const TOKEN = "seg-e2e-token-5b7d9f31";
const WRONG_TOKEN = "seg-e2e-wrong-0c2e4a68";

let simulator: SegmentSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startSegmentSimulator({
    seed: 11,
    token: TOKEN,
    size: { users: 12, invites: 2, groups: 3, sources: 4, warehouses: 1, functionsPerType: 1, spaces: 1 },
  });
  dir = await mkdtemp(join(tmpdir(), "baton-segment-e2e-"));
});
afterAll(async () => {
  await simulator.close();
  await rm(dir, { recursive: true, force: true });
});

/** The Kubernetes Secret of the seed guides, pointed at the simulator. */
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  BATON_TOKEN: TOKEN,
  BATON_BASE_URL: simulator.url,
  ...extra,
});

const writes = (): string[] =>
  simulator.requests.filter((request) => request.method !== "GET").map((r) => `${r.method} ${r.route}`);

describe("baton-segment (the built program against the Segment simulator)", () => {
  it("lists the Go program's flags with the same variables and defaults, and hides the one-shot ones", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(ExitCode.ok);
    for (const flag of GO_SEGMENT_FLAGS) expect(stdout).toMatch(helpLinePattern(flag));
    expect(stdout).toMatch(/^ {2}-h, --help +help for baton-segment$/m);
    expect(stdout).toMatch(/^ {2}-v, --version +version for baton-segment$/m);
    expect(stdout).toMatch(/^ {2}capabilities +Get connector capabilities$/m);
    for (const hidden of GO_HIDDEN_FLAGS) expect(stdout).not.toContain(hidden);
  });

  it("syncs into sync.c1z in the working directory by default, with JSON logs and a summary", async () => {
    const cwd = await mkdtemp(join(dir, "default-"));
    const { code, stdout, stderr } = await runCli([], env(), { cwd });
    expect(code).toBe(ExitCode.ok);
    expect(stdout.startsWith(`Synced Segment into ${join(cwd, "sync.c1z")} in `)).toBe(true);
    const logs = jsonLogLines(stderr);
    expect(logs.length).toBe(stderr.trim().split("\n").length);
    expect(logs.at(-1)).toMatchObject({ level: "info", msg: "sync finished" });
    expect(`${stdout}${stderr}`).not.toContain(TOKEN);

    const stats = await readC1z(join(cwd, "sync.c1z"), (c1z) => c1z.stats());
    const database = await c1zDatabaseText(join(cwd, "sync.c1z"));
    expect(database).not.toContain(TOKEN);
    // The search works: what the sync did store is found the same way.
    const [someUser] = simulator.state.users.values();
    expect(database).toContain(someUser?.email ?? "no user");
    expect(stats.resources.user).toBe(simulator.state.users.size);
    expect(stats.resources.group).toBe(simulator.state.groups.size);
    expect(stats.resources.invite).toBe(simulator.state.invites.size);
    expect(stats.resources.workspace).toBe(1);
    expect(stats.grants).toBeGreaterThan(simulator.state.users.size);
  });

  it("takes -f over BATON_FILE", async () => {
    const fromFlag = join(dir, "flag.c1z");
    const fromEnv = join(dir, "env.c1z");
    const { code } = await runCli(["-f", fromFlag], env({ BATON_FILE: fromEnv }));
    expect(code).toBe(ExitCode.ok);
    expect(existsSync(fromFlag)).toBe(true);
    expect(existsSync(fromEnv)).toBe(false);
  });

  it("prints the sdk's capabilities JSON without credentials", async () => {
    const { code, stdout } = await runCli(["capabilities"]);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toBe(`${capabilitiesJson(segmentConnector)}\n`);
    const parsed = JSON.parse(stdout) as {
      "@type": string;
      resourceTypeCapabilities: { resourceType: { id: string }; capabilities: string[] }[];
    };
    expect(parsed["@type"]).toBe("type.googleapis.com/c1.connector.v2.ConnectorCapabilities");
    expect(stdout.split("\n")[1]).toMatch(/^ {2}"@type": /);
    const group = parsed.resourceTypeCapabilities.find((entry) => entry.resourceType.id === "group");
    expect(group?.capabilities).toEqual(expect.arrayContaining(["CAPABILITY_SYNC", "CAPABILITY_PROVISION"]));
  });

  it("validates a good token (0) and explains a bad one (1) without printing it", async () => {
    const good = await runCli(["validate"], env());
    expect(good.code).toBe(ExitCode.ok);
    expect(good.stdout).toBe("Valid: Segment accepted the configured credentials\n");

    const bad = await runCli(["validate"], env({ BATON_TOKEN: WRONG_TOKEN }));
    expect(bad.code).toBe(ExitCode.failure);
    const [line] = jsonLogLines(bad.stderr).filter((log) => log.level === "error");
    expect(String(line?.msg)).toContain("validation failed: the Segment token was rejected (401)");
    expect(String(line?.msg)).toContain("BATON_TOKEN");
    // Queryable facts as fields; the stack trace only at debug level.
    expect(line).toMatchObject({ code: "unauthenticated", status: 401, service: "Segment" });
    expect(line).not.toHaveProperty("error");
    expect(`${bad.stdout}${bad.stderr}`).not.toContain(WRONG_TOKEN);
  });

  it("logs each API request with --http-debug at debug level, never the token", async () => {
    const quiet = await runCli(["validate", "--log-level", "debug"], env());
    expect(quiet.code).toBe(ExitCode.ok);
    expect(jsonLogLines(quiet.stderr).some((log) => /^Segment HTTP GET /.test(String(log.msg)))).toBe(false);

    const loud = await runCli(["validate", "--log-level", "debug", "--http-debug"], env());
    expect(loud.code).toBe(ExitCode.ok);
    const requests = jsonLogLines(loud.stderr).filter((log) => /^Segment HTTP GET /.test(String(log.msg)));
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatchObject({ level: "debug" });
    expect(loud.stderr).not.toContain(TOKEN);
  });

  it("takes --token over BATON_TOKEN", async () => {
    const flagWins = await runCli(["validate", "--token", TOKEN], env({ BATON_TOKEN: WRONG_TOKEN }));
    expect(flagWins.code).toBe(ExitCode.ok);
    const flagLoses = await runCli(["validate", "--token", WRONG_TOKEN], env());
    expect(flagLoses.code).toBe(ExitCode.failure);
  });

  it("grants and revokes group membership only with -p / BATON_PROVISIONING, reading ids from the c1z", async () => {
    const file = join(dir, "provision.c1z");
    expect((await runCli(["-f", file], env())).code).toBe(ExitCode.ok);
    const [group] = simulator.state.groups.values();
    const user = [...simulator.state.users.values()].find(
      (u) => group !== undefined && !group.userIds.has(u.id),
    );
    if (group === undefined || user === undefined) throw new Error("the seeded workspace has no non-member");
    const entitlement = `group:${group.id}:member`;
    const grantFlags = [
      "--grant-entitlement",
      entitlement,
      "--grant-principal",
      user.id,
      "--grant-principal-type",
      "user",
    ];
    simulator.clearRequests();

    const refused = await runCli(["-f", file, ...grantFlags], env());
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toContain("provisioning is not enabled");
    expect(simulator.requests).toEqual([]);
    expect(group.userIds.has(user.id)).toBe(false);

    const granted = await runCli(["-f", file, ...grantFlags], env({ BATON_PROVISIONING: "true" }));
    expect(granted.code).toBe(ExitCode.ok);
    expect(granted.stdout).toMatch(/^Granted .* to "/);
    expect(group.userIds.has(user.id)).toBe(true);
    expect(writes()).toEqual(["POST /groups/{userGroupId}/users"]);

    const again = await runCli(["-f", file, "-p", ...grantFlags], env());
    expect(again.code).toBe(ExitCode.ok);
    expect(again.stdout).toMatch(/^Already granted: .*\(nothing changed\)$/m);

    // Baton's revoke reads the grant from the c1z, so the new membership must be synced first.
    expect((await runCli(["-f", file], env())).code).toBe(ExitCode.ok);
    const grantId = `${entitlement}:user:${user.id}`;
    const revokeRefused = await runCli(["-f", file, "--revoke-grant", grantId], env());
    expect(revokeRefused.code).toBe(ExitCode.usage);
    expect(group.userIds.has(user.id)).toBe(true);

    const revoked = await runCli(["-f", file, "-p", "--revoke-grant", grantId], env());
    expect(revoked.code).toBe(ExitCode.ok);
    expect(revoked.stdout).toMatch(/^Revoked .* from "/);
    expect(group.userIds.has(user.id)).toBe(false);

    const gone = await runCli(["-f", file, "-p", "--revoke-grant", grantId], env());
    expect(gone.code).toBe(ExitCode.ok);
    expect(gone.stdout).toMatch(/^Already revoked: /);
  });

  it("fails with 1 and a hint for an id that is not in the c1z", async () => {
    const file = join(dir, "provision.c1z");
    const result = await runCli(
      [
        "-f",
        file,
        "-p",
        "--grant-entitlement",
        "group:nope:member",
        "--grant-principal",
        "x",
        "--grant-principal-type",
        "user",
      ],
      env(),
    );
    expect(result.code).toBe(ExitCode.failure);
    const [line] = jsonLogLines(result.stderr).filter((log) => log.level === "error");
    expect(String(line?.msg)).toMatch(/^grant failed: /);
    expect(String(line?.msg)).toContain("group:nope:member");
  });

  it("refuses a malformed ConductorOne client secret in the seed guides' Secret with exit 2, never echoing it", async () => {
    const result = await runCli(
      [],
      env({
        BATON_CLIENT_ID: "baton-segment@acme.conductor.one/pcc",
        BATON_CLIENT_SECRET: "client-secret-9e8d7c",
        BATON_PROVISIONING: "true",
      }),
    );
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(
      "BATON_CLIENT_SECRET (--client-secret) is not a ConductorOne client secret",
    );
    expect(result.stderr).not.toContain("client-secret-9e8d7c");
    expect(result.stderr).not.toContain(TOKEN);
  });

  it("exits 2 for a malformed setting, naming the flag and the variable", async () => {
    const region = await runCli(["validate"], env({ BATON_REGION: "mars" }));
    expect(region.code).toBe(ExitCode.usage);
    expect(region.stderr).toContain("--region / BATON_REGION");
    const url = await runCli(["validate", "--base-url", "http://api.example.com"], env());
    expect(url.code).toBe(ExitCode.usage);
    // The sdk reports a connector's own refinement with the connector's message only (reported upstream:
    // it should name --base-url / BATON_BASE_URL too).
    expect(url.stderr).toContain("must be an https:// URL");
  });
});
