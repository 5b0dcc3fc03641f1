import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VERSION } from "../src/index.js";
import { baton } from "./support.js";

describe("version", () => {
  it("is package.json's, and --version prints it", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
    expect((await baton(["--version"])).stdout).toBe(`${pkg.version}\n`);
  });
});
