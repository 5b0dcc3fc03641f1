import { describe, expect, it } from "vitest";
import { roleApplicability } from "./role-applicability.js";

const targets = (name: string) => [...roleApplicability(name).targets].sort();

describe("role applicability by name", () => {
  it("keeps workspace-only roles off every instance and label set", () => {
    for (const name of [
      "Workspace Owner",
      "Workspace Member",
      "Tracking Plan Admin",
      "Identity Admin",
      "End User Privacy Admin",
    ]) {
      expect(targets(name), name).toEqual([]);
      expect(roleApplicability(name).labelScoped, name).toBe(false);
    }
  });

  it("recognises every name of the Engage roles, old and new", () => {
    for (const name of [
      "Personas Admin",
      "Engage User",
      "Unify and Engage Admin",
      "Unify Read-only",
      "Spaces Admin",
    ]) {
      expect(targets(name), name).toEqual(["space"]);
      expect(roleApplicability(name).labelScoped, name).toBe(true);
    }
  });

  it("matches whole words in any case and spelling", () => {
    expect(targets("SOURCE_ADMIN")).toEqual(["source"]);
    expect(targets("functions read-only")).toEqual(["function"]);
    expect(targets("Warehouse Admin")).toEqual(["warehouse"]);
    expect(roleApplicability("Warehouse Admin").labelScoped).toBe(false);
    // "Resource" contains "source" but is not the word "source".
    expect(roleApplicability("Resource Auditor").fallback).toBe(true);
  });

  it("offers an unknown role everywhere instead of hiding it", () => {
    const custom = roleApplicability("Data Steward");
    expect(custom.fallback).toBe(true);
    expect([...custom.targets].sort()).toEqual(["function", "source", "space", "warehouse"]);
    expect(custom.labelScoped).toBe(true);
  });
});
