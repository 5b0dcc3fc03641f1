import { describe, expect, it } from "vitest";
import { type HookedRequest, onNthRequest, runHooks, type SimulatorHook } from "./simulator-hooks.js";

const put: HookedRequest = { method: "PUT", route: "/users/{id}", path: "/users/1" };
const get: HookedRequest = { method: "GET", route: "/users/{id}", path: "/users/1" };

describe("simulator hooks", () => {
  it("onNthRequest acts on the n-th matching request only, before and after it", () => {
    const seen: string[] = [];
    const hook = onNthRequest((r) => r.method === "PUT", 2, {
      before: () => {
        seen.push("before");
        return undefined;
      },
      after: () => {
        seen.push("after");
        return { status: 503 };
      },
    });
    const replies = [put, get, put, put].map((request) => {
      const early = runHooks([hook], "before", request);
      return early ?? runHooks([hook], "after", request);
    });
    expect(seen).toEqual(["before", "after"]);
    expect(replies).toEqual([undefined, undefined, { status: 503 }, undefined]);
  });

  it("runHooks lets every hook see the request; the first reply wins", () => {
    const calls: number[] = [];
    const hooks: SimulatorHook[] = [1, 2, 3].map((n) => ({
      before: () => {
        calls.push(n);
        return n === 1 ? undefined : { status: 400 + n };
      },
    }));
    expect(runHooks(hooks, "before", get)).toEqual({ status: 402 });
    expect(calls).toEqual([1, 2, 3]);
  });
});
