import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { loadConfig } from "./load-config.js";
import { secret } from "./meta.js";
import { segmentLikeSchema } from "./test-schemas.js";

const TOKEN = "sgp_live_0123456789abcdef";
const load = (argv: string[], env: Record<string, string | undefined> = {}) =>
  loadConfig(segmentLikeSchema, { argv, env });
const problemOf = (argv: string[], env: Record<string, string | undefined> = {}): ConfigError => {
  try {
    load(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("loadConfig: sources and precedence", () => {
  it("applies defaults when nothing is given but the required token", () => {
    const { config, args } = load(["--token", TOKEN]);
    expect(config).toEqual({
      file: "sync.c1z",
      logFormat: "json",
      logLevel: "info",
      provisioning: false,
      skipEntitlementsAndGrants: false,
      skipGrants: false,
      syncResourceTypes: [],
      workers: 4,
      httpDebug: false,
      healthCheck: false,
      healthCheckBindAddress: "127.0.0.1",
      healthCheckPort: 8081,
      skipFullSync: false,
      taskConcurrency: 3,
      enforceGrantDuration: false,
      leaseCheckInterval: "1m",
      dryRun: false,
      token: TOKEN,
      region: "us",
      pageSize: 200,
    });
    expect(args).toEqual([]);
  });

  it("flags beat BATON_* variables, which beat defaults", () => {
    const { config } = load(["--region=eu", "-f", "flag.c1z"], {
      BATON_TOKEN: TOKEN,
      BATON_REGION: "us",
      BATON_FILE: "env.c1z",
      BATON_LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({ token: TOKEN, region: "eu", file: "flag.c1z", logLevel: "debug" });
  });

  it("treats an empty variable as unset", () => {
    expect(load([], { BATON_TOKEN: TOKEN, BATON_FILE: "" }).config.file).toBe("sync.c1z");
  });

  it("returns positional arguments, also after --", () => {
    expect(load(["capabilities", "--token", TOKEN, "--", "--not-a-flag"]).args).toEqual([
      "capabilities",
      "--not-a-flag",
    ]);
  });

  it("ignores -h/--help and -v/--version (the runner handles them) and unrelated BATON_ variables", () => {
    expect(load(["-h", "--version"], { BATON_TOKEN: TOKEN, BATON_SOMETHING_ELSE: "x" }).config.token).toBe(
      TOKEN,
    );
  });
});

describe("loadConfig: types", () => {
  it("booleans are switches: -p, --provisioning, --provisioning=false, env true/1/false/0", () => {
    const env = { BATON_TOKEN: TOKEN };
    expect(load(["-p"], env).config.provisioning).toBe(true);
    expect(load(["--provisioning"], env).config.provisioning).toBe(true);
    expect(load(["--provisioning=false"], { ...env, BATON_PROVISIONING: "true" }).config.provisioning).toBe(
      false,
    );
    expect(load([], { ...env, BATON_PROVISIONING: "1" }).config.provisioning).toBe(true);
    expect(load([], { ...env, BATON_PROVISIONING: "0" }).config.provisioning).toBe(false);
    expect(load([], { ...env, BATON_PROVISIONING: "TRUE" }).config.provisioning).toBe(true);
    // A switch does not swallow the next argument.
    expect(load(["-q", "validate"], env)).toMatchObject({ config: { quiet: true }, args: ["validate"] });
  });

  it("numbers are parsed from flags and variables", () => {
    expect(load(["--workers", "8", "--page-size=50"], { BATON_TOKEN: TOKEN }).config).toMatchObject({
      workers: 8,
      pageSize: 50,
    });
    expect(load([], { BATON_TOKEN: TOKEN, BATON_WORKERS: "2" }).config.workers).toBe(2);
  });

  it("lists are comma-separated in variables and repeatable or comma-separated as flags", () => {
    expect(load(["--labels", "a,b", "--labels=c"], { BATON_TOKEN: TOKEN }).config.labels).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(
      load([], { BATON_TOKEN: TOKEN, BATON_SYNC_RESOURCE_TYPES: "user, group" }).config.syncResourceTypes,
    ).toEqual(["user", "group"]);
  });

  it("short flags take -fvalue, -f=value and -f value", () => {
    for (const argv of [["-fa.c1z"], ["-f=a.c1z"], ["-f", "a.c1z"]]) {
      expect(load([...argv, "--token", TOKEN]).config.file).toBe("a.c1z");
    }
  });

  it("honours a flag-name override from .meta({ flag })", () => {
    const schema = z.object({ apiToken: secret(z.string()).meta({ flag: "key" }) });
    expect(loadConfig(schema, { argv: [], env: { BATON_KEY: TOKEN } }).config.apiToken).toBe(TOKEN);
  });
});

describe("loadConfig: messages", () => {
  it("a missing required setting names the flag, the variable and what it is", () => {
    expect(problemOf([]).message).toBe(
      "invalid configuration: missing --token / BATON_TOKEN: The Segment access token used to connect to the Segment API.",
    );
  });

  it("lists every problem at once", () => {
    const error = problemOf(["--workers", "many", "--region", "mars", "--log-level=loud", "--tokn", "x"]);
    expect(error.message.split("\n")).toEqual([
      "invalid configuration (5 problems):",
      "  - unknown flag: --tokn (did you mean --token?)",
      '  - invalid --workers / BATON_WORKERS: expected a number, got "many"',
      '  - invalid --log-level / BATON_LOG_LEVEL: expected one of "debug"|"info"|"warn"|"error"',
      "  - missing --token / BATON_TOKEN: The Segment access token used to connect to the Segment API.",
      '  - invalid --region / BATON_REGION: expected one of "us"|"eu"',
    ]);
    expect(error.details).toEqual({ problems: expect.any(Array) });
  });

  it("says when a flag lacks its value", () => {
    expect(problemOf(["--token"]).message).toContain("flag needs an argument: --token");
  });

  it("rejects a bad boolean and a bad number range with the flag named", () => {
    const message = problemOf(["--provisioning=maybe", "--page-size", "500"], { BATON_TOKEN: TOKEN }).message;
    expect(message).toContain(
      'invalid --provisioning / BATON_PROVISIONING: expected true or false (or 1 / 0), got "maybe"',
    );
    expect(message).toContain("invalid --page-size / BATON_PAGE_SIZE: too big: expected number to be <=200");
  });

  it("client id and secret are required together; the secret is never echoed", () => {
    const secretValue = "c1-client-secret-value-123";
    const error = problemOf(["--client-secret", secretValue], { BATON_TOKEN: TOKEN });
    expect(error.message).toContain("--client-id and --client-secret must be set together");
    for (const surface of [error.message, String(error), JSON.stringify(error), error.stack ?? ""]) {
      expect(surface).not.toContain(secretValue);
    }
  });

  it("the grant flags are required together and exclude --revoke-grant", () => {
    const message = problemOf(["--grant-entitlement", "e1", "--revoke-grant", "g1"], {
      BATON_TOKEN: TOKEN,
    }).message;
    expect(message).toContain("missing --grant-principal, --grant-principal-type");
    expect(message).toContain("--grant-entitlement and --revoke-grant cannot be used together");
    expect(
      load(["--grant-entitlement", "e", "--grant-principal", "p", "--grant-principal-type", "user"], {
        BATON_TOKEN: TOKEN,
      }).config,
    ).toMatchObject({ grantEntitlement: "e", grantPrincipal: "p", grantPrincipalType: "user" });
  });

  it("never echoes a secret value, even from a connector's own refinement", () => {
    const schema = z
      .object({ apiToken: secret(z.string().regex(/^tok_/)) })
      .superRefine((value, ctx) =>
        ctx.addIssue({ code: "custom", path: ["apiToken"], message: `bad token ${value.apiToken}` }),
      );
    const leaked = "tok_wrong_but_secret_987";
    const error = (() => {
      try {
        loadConfig(schema, { argv: [], env: { BATON_API_TOKEN: leaked } });
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.message).toContain("bad token [REDACTED]");
    expect(JSON.stringify(error)).not.toContain(leaked);
    const wrongType = z.object({ apiToken: secret(z.string()), n: secret(z.number()) });
    expect(() =>
      loadConfig(wrongType, { argv: ["--n", "secret-not-a-number"], env: { BATON_API_TOKEN: "x" } }),
    ).toThrow(/invalid --n \/ BATON_N: expected a number$/);
  });

  it("names the flag and the variable in a connector's own refinement message", () => {
    const schema = z
      .object({ baseUrl: z.string().optional() })
      .refine((v) => v.baseUrl === undefined || v.baseUrl.startsWith("https://"), {
        path: ["baseUrl"],
        message: "must be an https URL",
      });
    expect(() => loadConfig(schema, { argv: ["--base-url", "http://api.example.com"], env: {} })).toThrow(
      "invalid configuration: invalid --base-url / BATON_BASE_URL: must be an https URL",
    );
    const named = z
      .object({ baseUrl: z.string() })
      .refine(() => false, { path: ["baseUrl"], message: "--base-url is wrong" });
    expect(() => loadConfig(named, { argv: ["--base-url", "x"], env: {} })).toThrow(
      "invalid configuration: --base-url is wrong",
    );
  });

  it("a schema the command line cannot express, or a flag clash, is a connector bug", () => {
    expect(() =>
      loadConfig(z.object({ nested: z.object({ a: z.string() }) }), { argv: [], env: {} }),
    ).toThrow(/"nested": a object cannot be set/);
    expect(() =>
      loadConfig(z.object({ other: z.string().meta({ flag: "file" }) }), { argv: [], env: {} }),
    ).toThrow(/both use --file/);
    expect(() =>
      loadConfig(z.object({ f2: z.string().meta({ short: "p" }) }), { argv: [], env: {} }),
    ).toThrow(/both use -p/);
  });
});
