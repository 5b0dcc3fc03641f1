import { readFileSync } from "node:fs";
import { capabilitiesJson } from "@baton-ts/connector-sdk";
import { describe, expect, it } from "vitest";
import { segmentConnector } from "../src/index.js";

// Like Baton's connector repositories, this package commits its `capabilities` output; it must stay current.
// Regenerate it with: pnpm baton-segment capabilities > packages/connector-segment/baton_capabilities.json
describe("baton_capabilities.json", () => {
  it("equals the capabilities the program prints", () => {
    const committed = readFileSync(new URL("../baton_capabilities.json", import.meta.url), "utf8");
    expect(committed).toBe(`${capabilitiesJson(segmentConnector)}\n`);
  });
});
