import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "./did-you-mean.js";

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("stops early past the limit", () => {
    expect(editDistance("a", "abcdefgh", 2)).toBe(3);
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("closestMatch", () => {
  it("suggests a near candidate, by typo, case or prefix", () => {
    expect(closestMatch("provisoning", ["file", "provisioning", "token"])).toBe("provisioning");
    expect(closestMatch("User:Abc", ["user:abc", "user:xyz"])).toBe("user:abc");
    expect(closestMatch("prov", ["provisioning", "log-level"])).toBe("provisioning");
    expect(closestMatch("capabilites", ["capabilities", "validate", "config"])).toBe("capabilities");
  });

  it("says nothing when nothing is close", () => {
    expect(closestMatch("zzz", ["provisioning", "file"])).toBeUndefined();
    expect(closestMatch("ab", ["abcdef"])).toBeUndefined();
    expect(closestMatch("anything", [])).toBeUndefined();
  });
});
