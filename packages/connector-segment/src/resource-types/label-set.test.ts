import { describe, expect, it } from "vitest";
import { labelSetDisplayName, labelSetId, parseLabelSetId } from "./label-set.js";

describe("label set ids", () => {
  it("sort labels and collapse duplicates so one set has one id", () => {
    const id = labelSetId([
      { key: "team", value: "growth" },
      { key: "env", value: "prod" },
      { key: "env", value: "prod" },
    ]);
    expect(id).toBe("env=prod,team=growth");
    expect(
      labelSetId([
        { key: "env", value: "prod" },
        { key: "team", value: "growth" },
      ]),
    ).toBe(id);
    expect(labelSetDisplayName(parseLabelSetId(id))).toBe("env:prod, team:growth");
  });

  it("round-trip separators that a looser label rule could allow", () => {
    const labels = [{ key: "a,b", value: "x=y:z%" }];
    const id = labelSetId(labels);
    expect(id).toBe("a%2Cb=x%3Dy%3Az%25");
    expect(parseLabelSetId(id)).toEqual(labels);
  });

  it("refuse an id this connector did not make", () => {
    expect(() => parseLabelSetId("")).toThrow(/empty/);
    expect(() => parseLabelSetId("env")).toThrow(/key=value/);
    expect(() => parseLabelSetId("env=prod=x")).toThrow(/key=value/);
  });
});
