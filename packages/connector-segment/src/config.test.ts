import { loadConfig, renderHelp } from "@baton-ts/connector-sdk/cli";
import { describe, expect, it } from "vitest";
import { segmentBaseUrl, segmentConfig } from "./config.js";

describe("segment settings", () => {
  it("read the Go program's --token / BATON_TOKEN and our region and base URL", () => {
    const fromFlags = loadConfig(segmentConfig, {
      argv: ["--token", "abc", "--region", "eu"],
      env: {},
    }).config;
    expect(fromFlags).toMatchObject({ token: "abc", region: "eu" });
    expect(segmentBaseUrl(fromFlags)).toBe("https://eu1.api.segmentapis.com");
    const fromEnv = loadConfig(segmentConfig, {
      argv: [],
      env: { BATON_TOKEN: "abc", BATON_BASE_URL: "http://127.0.0.1:4010" },
    }).config;
    expect(fromEnv.region).toBe("us");
    expect(segmentBaseUrl(fromEnv)).toBe("http://127.0.0.1:4010");
  });

  it("name the flag and the variable of a missing token, and never echo a token", () => {
    expect(() => loadConfig(segmentConfig, { argv: [], env: {} })).toThrow(/--token.*BATON_TOKEN/);
    const bad = () =>
      loadConfig(segmentConfig, {
        argv: ["--base-url", "http://api.example.com"],
        env: { BATON_TOKEN: "hunter2-secret" },
      });
    expect(bad).toThrow(/base URL must be an https:\/\/ URL/);
    expect(() => bad()).not.toThrow(/hunter2-secret/);
    expect(() =>
      loadConfig(segmentConfig, { argv: ["--region", "apac"], env: { BATON_TOKEN: "x" } }),
    ).toThrow(/region/);
  });

  it("appear in --help like the Go program's", () => {
    const help = renderHelp(segmentConfig, { program: "baton-segment" });
    expect(help).toMatch(
      /--token string\s+The Segment access token used to connect to the Segment API.*\(\$BATON_TOKEN\)/,
    );
    expect(help).toMatch(/--region string.*\(\$BATON_REGION\) \(default "us"\)/);
    expect(help).toMatch(/--base-url string.*\(\$BATON_BASE_URL\)/);
  });
});
