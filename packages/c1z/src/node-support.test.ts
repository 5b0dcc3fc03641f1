import { describe, expect, it } from "vitest";
import { isSupportedNodeVersion, MINIMUM_NODE_VERSION, unsupportedNodeMessage } from "./node-support.js";

describe("the Node version check", () => {
  it("accepts the minimum and anything newer, with no upper bound", () => {
    expect(MINIMUM_NODE_VERSION).toBe("24.21.0");
    for (const version of ["24.21.0", "v24.21.0", "24.22.3", "25.0.0", "26.12.1", "30.0.0-pre"]) {
      expect(isSupportedNodeVersion(version), version).toBe(true);
    }
  });

  it("refuses older versions, comparing numerically", () => {
    for (const version of ["20.20.2", "v22.15.0", "24.4.0", "24.20.9", "24.3.100", "9.99.99"]) {
      expect(isSupportedNodeVersion(version), version).toBe(false);
    }
  });

  it("names the program, the running Node and its path, why, and what to install", () => {
    const message = unsupportedNodeMessage("baton-acme", { version: "20.20.2", execPath: "/usr/bin/node" });
    expect(message).toBe(
      [
        "baton-acme needs Node.js 24.21.0 or newer; this is Node.js 20.20.2 (/usr/bin/node).",
        "It reads and writes c1z files with node:sqlite and the zstd of node:zlib, which older versions do not have.",
        "Install Node.js 24 or newer (https://nodejs.org/en/download, or `nvm install 24`), then run it again.",
      ].join("\n"),
    );
    expect(
      unsupportedNodeMessage("baton-acme", { version: "26.1.0", execPath: "/opt/node" }),
    ).toBeUndefined();
  });
});
