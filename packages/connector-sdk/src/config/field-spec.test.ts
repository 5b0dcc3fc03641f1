import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envName, fieldSpec, kebabCase } from "./field-spec.js";
import { secret } from "./meta.js";

describe("field names", () => {
  it.each([
    ["apiToken", "api-token", "BATON_API_TOKEN"],
    ["managementConsoleUrl", "management-console-url", "BATON_MANAGEMENT_CONSOLE_URL"],
    ["c1zTempDir", "c1z-temp-dir", "BATON_C1Z_TEMP_DIR"],
    ["token", "token", "BATON_TOKEN"],
  ])("%s → --%s / %s", (key, flag, env) => {
    expect(kebabCase(key)).toBe(flag);
    expect(envName(flag)).toBe(env);
  });
});

describe("fieldSpec", () => {
  it("keeps metadata from every wrapper layer", () => {
    const spec = fieldSpec("apiToken", secret(z.string()).optional().describe("The API token"));
    expect(spec).toMatchObject({
      secret: true,
      required: false,
      description: "The API token",
      kind: "string",
    });
  });

  it("reads kinds through defaults, transforms and codecs", () => {
    expect(
      fieldSpec(
        "a",
        z.string().transform((s) => s.length),
      ).kind,
    ).toBe("string");
    expect(fieldSpec("b", z.stringbool()).kind).toBe("string");
    expect(fieldSpec("c", z.literal(["x", "y"]).default("x"))).toMatchObject({
      kind: "enum",
      choices: ["x", "y"],
      default: "x",
    });
    expect(fieldSpec("d", z.number())).toMatchObject({ kind: "number", required: true });
    expect(fieldSpec("e", z.array(z.enum(["a", "b"])))).toMatchObject({
      kind: "list",
      itemKind: "enum",
      choices: ["a", "b"],
    });
  });

  it("refuses a short flag longer than one letter", () => {
    expect(() => fieldSpec("x", z.string().meta({ short: "xy" }))).toThrow(/one letter/);
  });
});
