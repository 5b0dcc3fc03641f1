import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { findEarlyCommand, resolveCommand } from "./commands.js";

describe("findEarlyCommand", () => {
  it("finds --help and --version anywhere before --", () => {
    expect(findEarlyCommand(["--token", "x", "-h"])).toBe("help");
    expect(findEarlyCommand(["--help"])).toBe("help");
    expect(findEarlyCommand(["-v"])).toBe("version");
    expect(findEarlyCommand(["--version", "--help"])).toBe("version");
    expect(findEarlyCommand(["--", "--help"])).toBeUndefined();
    expect(findEarlyCommand(["capabilities"])).toBeUndefined();
  });
});

describe("resolveCommand", () => {
  it("defaults to the one-shot run and knows the subcommands", () => {
    expect(resolveCommand([], "baton-x")).toBe("run");
    expect(resolveCommand(["capabilities"], "baton-x")).toBe("capabilities");
    expect(resolveCommand(["validate"], "baton-x")).toBe("validate");
    expect(resolveCommand(["config"], "baton-x")).toBe("config");
    expect(resolveCommand(["help", "capabilities"], "baton-x")).toBe("help");
  });

  it("rejects an unknown command with a suggestion, as a usage error", () => {
    expect(() => resolveCommand(["capabilites"], "baton-x")).toThrow(ConfigError);
    expect(() => resolveCommand(["capabilites"], "baton-x")).toThrow(
      'unknown command "capabilites" for "baton-x" (did you mean "capabilities"?)',
    );
    expect(() => resolveCommand(["sync"], "baton-x")).toThrow(
      /commands: capabilities, config, health-check, help/,
    );
  });

  it("rejects stray arguments after a command", () => {
    expect(() => resolveCommand(["validate", "now"], "baton-x")).toThrow(
      '"baton-x validate" takes no arguments, got: now',
    );
  });

  it("knows leases and leases expire, and nothing else after leases", () => {
    expect(resolveCommand(["leases"], "baton-x")).toBe("leases");
    expect(resolveCommand(["leases", "expire"], "baton-x")).toBe("leases-expire");
    expect(() => resolveCommand(["leases", "expired"], "baton-x")).toThrow(
      '"baton-x leases" takes no argument but expire ("baton-x leases expire"), got: expired',
    );
  });
});
