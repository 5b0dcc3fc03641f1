import { describe, expect, it } from "vitest";
import { mergeEdges, planExpansion } from "./expansion-plan.js";
import type { ExpansionEdge } from "./sync-state.js";

const edge = (s: string, d: string): ExpansionEdge => [s, d, false, []];

describe("planExpansion", () => {
  it("orders edges so that sources are complete first", () => {
    // c → b → a, given in the wrong order
    const edges = [edge("b", "a"), edge("c", "b")];
    expect(planExpansion(edges)).toEqual([
      { edges: [1], cyclic: false },
      { edges: [0], cyclic: false },
    ]);
  });

  it("groups a cycle, with the edges into it, as one cyclic group after its sources", () => {
    const edges = [edge("x", "y"), edge("y", "x"), edge("s", "x"), edge("y", "z")];
    expect(planExpansion(edges)).toEqual([
      { edges: [0, 1, 2], cyclic: true },
      { edges: [3], cyclic: false },
    ]);
  });

  it("merges duplicate edges order-independently", () => {
    const a: ExpansionEdge = ["s", "d", true, ["user"]];
    const b: ExpansionEdge = ["s", "d", true, ["group"]];
    const c: ExpansionEdge = ["s", "d", false, []];
    expect(mergeEdges(a, b)).toEqual(["s", "d", true, ["group", "user"]]);
    expect(mergeEdges(b, a)).toEqual(mergeEdges(a, b));
    expect(mergeEdges(a, c)).toEqual(["s", "d", false, []]);
  });
});
