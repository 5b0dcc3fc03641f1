import { stat } from "node:fs/promises";
import { join } from "node:path";
import { C1zFile } from "@baton-ts/c1z";
import { describe, expect, it } from "vitest";
import { ExitCode, runProgram } from "../../src/cli/index.js";
import type { AnyConnectorDefinition } from "../../src/contract/connector.js";
import { capabilitiesJson } from "../../src/engine/metadata.js";
import { ConnectorError } from "../../src/errors.js";
import { captureStream } from "../../src/log/test-stream.js";
import { useTempDir } from "../support/files.js";
import { GOOD_TOKEN, vaultConnector } from "../support/vault-connector.js";

const BAD_TOKEN = "wrong-token-0b1c2d3e4f";

const run = async (
  argv: readonly string[],
  env: Record<string, string> = {},
  signal?: AbortSignal,
  connector: AnyConnectorDefinition = vaultConnector,
): Promise<{ code: number; stdout: string; stderr: string }> => {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await runProgram(connector, {
    argv,
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    ...(signal === undefined ? {} : { signal }),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};

// A fresh directory per test, removed after it (these directories used to stay in the temp directory).
const tempDir = useTempDir();
const tempFile = async (): Promise<string> => join(tempDir(), "out.c1z");

describe("runProgram (in-process, a test connector)", () => {
  it("prints help and version without any setting, named after the connector", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(ExitCode.ok);
    expect(help.stdout).toContain("Usage:\n  baton-vault [flags]");
    expect(help.stdout).toContain("--token string");
    expect(help.stdout).toContain("($BATON_TOKEN)");
    expect(await run(["-v"])).toMatchObject({ code: 0, stdout: "baton-vault version 1.2.3\n" });
    expect((await run(["help"])).stdout).toBe(help.stdout);
  });

  it("prints capabilities and the config schema without credentials", async () => {
    const capabilities = await run(["capabilities"]);
    expect(capabilities.code).toBe(ExitCode.ok);
    expect(capabilities.stdout).toBe(`${capabilitiesJson(vaultConnector)}\n`);

    const config = await run(["config"]);
    expect(config.code).toBe(ExitCode.ok);
    const fields = JSON.parse(config.stdout) as { key: string; env: string; secret: boolean }[];
    expect(fields.find((field) => field.key === "token")).toMatchObject({ env: "BATON_TOKEN", secret: true });
    expect(fields.map((field) => field.key)).toContain("clientSecret");
  });

  it("exits 2 with the flag and the variable when a required setting is missing", async () => {
    const result = await run([]);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toMatch(/missing --token \/ BATON_TOKEN/);
    expect(result.stderr).toContain("Run 'baton-vault --help' for usage.");
    expect(result.stdout).toBe("");
  });

  it("validates: 0 with a good token, 1 with a bad one, and never prints the token", async () => {
    const good = await run(["validate"], { BATON_TOKEN: GOOD_TOKEN });
    expect(good.code).toBe(ExitCode.ok);
    expect(good.stdout).toBe("Valid: Vault accepted the configured credentials\n");

    const bad = await run(["validate", "--log-format", "console"], { BATON_TOKEN: BAD_TOKEN });
    expect(bad.code).toBe(ExitCode.failure);
    expect(bad.stderr).toContain("validation failed: the Vault token was rejected (401)");
    expect(`${bad.stdout}${bad.stderr}`).not.toContain(BAD_TOKEN);
  });

  it("takes a flag over its variable, and the variable over the default", async () => {
    expect((await run(["validate", "--token", GOOD_TOKEN], { BATON_TOKEN: BAD_TOKEN })).code).toBe(0);
    expect((await run(["validate", "--token", BAD_TOKEN], { BATON_TOKEN: GOOD_TOKEN })).code).toBe(1);

    const file = await tempFile();
    const fromEnv = await run([], { BATON_TOKEN: GOOD_TOKEN, BATON_FILE: file, BATON_REGION: "eu" });
    expect(fromEnv.code).toBe(ExitCode.ok);
    const c1z = await C1zFile.open(file, { readOnly: true });
    try {
      expect(c1z.getResource({ resourceType: "user", resource: "ada" })?.displayName).toBe("ada (eu)");
    } finally {
      c1z.close();
    }
  });

  it("syncs into --file, logs JSON lines on stderr and prints a summary on stdout", async () => {
    const file = await tempFile();
    const result = await run(["-f", file], { BATON_TOKEN: GOOD_TOKEN });
    expect(result.code).toBe(ExitCode.ok);
    expect((await stat(file)).size).toBeGreaterThan(0);
    expect(result.stdout).toMatch(new RegExp(`^Synced Vault into ${file} in \\d+\\.\\d s`));
    expect(result.stdout).toContain("resources:    2 (user 2)");
    const lines = result.stderr.trim().split("\n");
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("level");
    expect(lines.some((line) => line.includes('"msg":"sync finished"'))).toBe(true);
  });

  it("honours --log-level and --log-format console", async () => {
    const quiet = await run(["-f", await tempFile(), "--log-level", "error"], { BATON_TOKEN: GOOD_TOKEN });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    const console = await run(["-f", await tempFile()], {
      BATON_TOKEN: GOOD_TOKEN,
      BATON_LOG_FORMAT: "console",
    });
    expect(console.stderr).toMatch(/^\S+\tINFO\tsync starting/m);
    expect(console.stderr).not.toMatch(/^\{/m);
  });

  it("refuses malformed ConductorOne credentials with the usage code, naming the variable, never the secret", async () => {
    const badId = await run([], {
      BATON_TOKEN: GOOD_TOKEN,
      BATON_CLIENT_ID: "id",
      BATON_CLIENT_SECRET: "cs-secret",
    });
    expect(badId.code).toBe(ExitCode.usage);
    expect(badId.stderr).toContain('BATON_CLIENT_ID (--client-id) "id" is not a ConductorOne client id');
    expect(badId.stderr).not.toContain("cs-secret");

    const badSecret = await run([], {
      BATON_TOKEN: GOOD_TOKEN,
      BATON_CLIENT_ID: "c@acme.conductor.one/pcc",
      BATON_CLIENT_SECRET: "cs-secret-5f4e3d",
    });
    expect(badSecret.code).toBe(ExitCode.usage);
    expect(badSecret.stderr).toContain(
      "BATON_CLIENT_SECRET (--client-secret) is not a ConductorOne client secret",
    );
    expect(badSecret.stderr).not.toContain("cs-secret-5f4e3d");

    const onlySecret = await run([], { BATON_TOKEN: GOOD_TOKEN, BATON_CLIENT_SECRET: "cs-secret-5f4e3d" });
    expect(onlySecret.code).toBe(ExitCode.usage);
    expect(onlySecret.stderr).toContain("--client-id and --client-secret must be set together");
    expect(onlySecret.stderr).not.toContain("cs-secret-5f4e3d");
  });

  it("refuses one-shot action flags in service mode", async () => {
    const result = await run(["-p", "--revoke-grant", "g"], {
      BATON_TOKEN: GOOD_TOKEN,
      BATON_CLIENT_ID: "c@acme.conductor.one/pcc",
      BATON_CLIENT_SECRET: "cs-secret-5f4e3d",
    });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain("cannot be combined with service mode");
  });

  it("names unsupported Baton flags as such (2), and warns about their variables", async () => {
    const flag = await run(["--delete-resource", "user:ada"], { BATON_TOKEN: GOOD_TOKEN });
    expect(flag.code).toBe(ExitCode.usage);
    expect(flag.stderr).toContain("--delete-resource is a Baton flag for resource deletion");

    const variable = await run(["validate"], { BATON_TOKEN: GOOD_TOKEN, BATON_TICKETING: "true" });
    expect(variable.code).toBe(ExitCode.ok);
    const [warning] = variable.stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warning).toMatchObject({
      level: "warn",
      msg: "ignoring Baton settings this program does not support yet",
      variables: ["BATON_TICKETING"],
    });
  });

  it("exits 2 for unknown flags and commands, with a suggestion", async () => {
    const flag = await run(["--tokn", "x"], { BATON_TOKEN: GOOD_TOKEN });
    expect(flag.code).toBe(ExitCode.usage);
    expect(flag.stderr).toContain("--tokn");
    const command = await run(["valdate"], { BATON_TOKEN: GOOD_TOKEN });
    expect(command.code).toBe(ExitCode.usage);
    expect(command.stderr).toContain('did you mean "validate"?');
  });

  it("gates grant and revoke behind -p before touching the file or the API", async () => {
    const file = await tempFile();
    const grant = await run(
      [
        "-f",
        file,
        "--grant-entitlement",
        "x:y:z",
        "--grant-principal",
        "ada",
        "--grant-principal-type",
        "user",
      ],
      { BATON_TOKEN: GOOD_TOKEN },
    );
    expect(grant.code).toBe(ExitCode.usage);
    expect(grant.stderr).toContain("provisioning is not enabled");
    const revoke = await run(["-f", file, "--revoke-grant", "x:y:z:user:ada"], { BATON_TOKEN: GOOD_TOKEN });
    expect(revoke.code).toBe(ExitCode.usage);
    await expect(stat(file)).rejects.toThrow();
  });

  it("exits 1 when a provisioning id is not in the c1z", async () => {
    const file = await tempFile();
    expect((await run(["-f", file], { BATON_TOKEN: GOOD_TOKEN })).code).toBe(0);
    const result = await run(["-f", file, "-p", "--revoke-grant", "user:ada:member:user:grace"], {
      BATON_TOKEN: GOOD_TOKEN,
    });
    expect(result.code).toBe(ExitCode.failure);
    expect(result.stderr).toContain("revoke failed");
  });

  it("reports a failed sync in one error line: no stack unless debug, a resume hint only where resuming helps", async () => {
    const failingWith = (error: ConnectorError): AnyConnectorDefinition => ({
      ...vaultConnector,
      resourceTypes: [
        {
          ...(vaultConnector.resourceTypes[0] as AnyConnectorDefinition["resourceTypes"][number]),
          list: async () => {
            throw error;
          },
        },
      ],
    });
    const lines = (stderr: string) =>
      stderr
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    const outage = await run(
      ["-f", await tempFile()],
      { BATON_TOKEN: GOOD_TOKEN },
      undefined,
      failingWith(new ConnectorError("unavailable", "Vault is unavailable; retries were exhausted")),
    );
    expect(outage.code).toBe(ExitCode.failure);
    const outageErrors = lines(outage.stderr).filter((line) => line.level === "error");
    expect(outageErrors).toHaveLength(1);
    expect(outageErrors[0]).toMatchObject({
      msg: "sync failed: Vault is unavailable; retries were exhausted (while listing resources of type user)",
      code: "unavailable",
      hint: "run the same command again: the sync resumes from its last checkpoint",
    });
    expect(outage.stderr).not.toContain("    at ");

    const refused = await run(
      ["-f", await tempFile()],
      { BATON_TOKEN: GOOD_TOKEN },
      undefined,
      failingWith(new ConnectorError("unauthenticated", "the Vault token was rejected (401)")),
    );
    const refusedLines = lines(refused.stderr);
    expect(refusedLines.filter((line) => line.level === "error")).toHaveLength(1);
    expect(refusedLines.find((line) => line.level === "error")).not.toHaveProperty("hint");
    expect(refused.stderr).not.toMatch(/run (it|the same command) again/);

    const debug = await run(
      ["-f", await tempFile(), "--log-level", "debug"],
      { BATON_TOKEN: GOOD_TOKEN },
      undefined,
      failingWith(new ConnectorError("unauthenticated", "the Vault token was rejected (401)")),
    );
    const debugErrors = lines(debug.stderr).filter((line) => line.level === "error");
    expect(debugErrors).toHaveLength(1);
    expect(JSON.stringify(debugErrors[0])).toContain("    at ");
  });

  it("exits 130 when interrupted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("SIGTERM"));
    const result = await run(["-f", await tempFile()], { BATON_TOKEN: GOOD_TOKEN }, controller.signal);
    expect(result.code).toBe(ExitCode.interrupted);
    expect(result.stderr).toContain("interrupted");
  });
});
