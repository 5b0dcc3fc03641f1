import { describe, expect, it } from "vitest";
import { MAX_SESSION_VALUE_BYTES } from "../contract/session.js";
import { memorySession } from "./memory-session.js";
import { rememberInSession } from "./remember-in-session.js";

describe("rememberInSession", () => {
  it("loads a value once and serves it from the session afterwards", async () => {
    const session = memorySession();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return [{ id: "r1" }];
    };
    expect(await rememberInSession(session, "roles", load)).toEqual([{ id: "r1" }]);
    expect(await rememberInSession(session, "roles", load)).toEqual([{ id: "r1" }]);
    expect(loads).toBe(1);
    expect(await session.get("roles")).toEqual([{ id: "r1" }]);
  });

  it("returns a value too large for the session without keeping it", async () => {
    const session = memorySession();
    const big = "x".repeat(MAX_SESSION_VALUE_BYTES);
    expect(await rememberInSession(session, "big", async () => big)).toBe(big);
    expect(await session.get("big")).toBeUndefined();
  });
});
