import { ConfigError } from "@baton-ts/connector-sdk";
import { describeConfig, loadConfig } from "@baton-ts/connector-sdk/cli";
import { describe, expect, it } from "vitest";
import { sentineloneConfig } from "./config.js";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.config-test-secret";

describe("sentineloneConfig", () => {
  it("reads the Go connector's flags and environment variables", () => {
    const fromFlags = loadConfig(sentineloneConfig, {
      argv: ["--api-token", TOKEN, "--management-console-url", "https://acme.sentinelone.net"],
      env: {},
    });
    expect(fromFlags.config).toMatchObject({
      apiToken: TOKEN,
      managementConsoleUrl: "https://acme.sentinelone.net",
    });
    const fromEnv = loadConfig(sentineloneConfig, {
      argv: [],
      env: { BATON_API_TOKEN: TOKEN, BATON_MANAGEMENT_CONSOLE_URL: "https://acme.sentinelone.net" },
    });
    expect(fromEnv.config.apiToken).toBe(TOKEN);
  });

  it("marks the token secret", () => {
    const fields = describeConfig(sentineloneConfig);
    expect(fields.find((f) => f.key === "apiToken")).toMatchObject({
      flag: "--api-token",
      env: "BATON_API_TOKEN",
      secret: true,
      required: true,
    });
    expect(fields.find((f) => f.key === "managementConsoleUrl")).toMatchObject({
      flag: "--management-console-url",
      env: "BATON_MANAGEMENT_CONSOLE_URL",
    });
  });

  it("names both settings when they are missing", () => {
    const error = (() => {
      try {
        loadConfig(sentineloneConfig, { argv: [], env: {} });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("--api-token");
    expect((error as Error).message).toContain("BATON_MANAGEMENT_CONSOLE_URL");
  });

  it("refuses plain http except for loopback, without echoing the token", () => {
    const load = (url: string) => () =>
      loadConfig(sentineloneConfig, {
        argv: ["--api-token", TOKEN, "--management-console-url", url],
        env: {},
      });
    expect(load("http://acme.sentinelone.net")).toThrow(/https:\/\//);
    expect(load("not a url")).toThrow(/management-console-url/);
    expect(load("http://127.0.0.1:8080")).not.toThrow();
    try {
      load("http://acme.sentinelone.net")();
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
  });
});
