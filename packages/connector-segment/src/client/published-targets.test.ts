import { describe, expect, it } from "vitest";
import { PublishedTargets } from "./published-targets.js";

describe("published targets", () => {
  it("know a type only after a listing from its first page to its last", () => {
    const published = new PublishedTargets();
    published.begin("source");
    published.add("source", "s1");
    expect(published.has("source", "s1")).toBeUndefined();
    published.finish("source");
    expect(published.has("source", "s1")).toBe(true);
    expect(published.has("source", "gone")).toBe(false);
  });

  it("trust everything of a listing resumed mid-way (it saw only part of the ids)", () => {
    const published = new PublishedTargets();
    published.add("label", "env=prod");
    published.finish("label");
    expect(published.has("label", "team=data")).toBeUndefined();
  });

  it("forget an earlier listing when a new one starts", () => {
    const published = new PublishedTargets();
    published.begin("space");
    published.add("space", "old");
    published.finish("space");
    published.begin("space");
    published.add("space", "new");
    published.finish("space");
    expect(published.has("space", "old")).toBe(false);
  });
});
