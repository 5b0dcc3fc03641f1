import { describe, expect, it } from "vitest";
import { countCalls, queryJoined, queryWithArrays } from "./request-log.js";
import { seededPeople, seededRandom, slugify } from "./seeded-data.js";
import { dumpState } from "./state-dump.js";

describe("seeded data", () => {
  it("draws the same values for the same seed", () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return [
        random.next(),
        random.int(1, 6),
        random.pick(["a", "b", "c"]),
        random.sample([1, 2, 3, 4], 3),
        random.string(8),
      ];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("samples distinct items, never more than there are", () => {
    const random = seededRandom(1);
    const sample = random.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(sample).size).toBe(5);
    expect(random.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(() => random.pick([])).toThrow("pick from an empty list");
    expect(random.string(20, "ab")).toMatch(/^[ab]{20}$/);
  });

  it("makes people with unique emails at the domain", () => {
    const person = seededPeople(seededRandom(3), "acme.example");
    const people = Array.from({ length: 4000 }, person);
    expect(new Set(people.map((p) => p.email)).size).toBe(4000);
    for (const p of people.slice(0, 50)) {
      const [first, last] = p.name.split(" ");
      expect(p.email).toMatch(
        new RegExp(`^${first?.toLowerCase()}\\.${last?.toLowerCase()}\\d*@acme\\.example$`),
      );
    }
    expect(slugify("Acme Analytics (EU)")).toBe("acme-analytics-eu");
  });
});

describe("request log helpers", () => {
  it("reads queries with arrays or joined, and counts calls by route", () => {
    const query = new URLSearchParams("emails=a&emails=b&limit=5");
    expect(queryWithArrays(query)).toEqual({ emails: ["a", "b"], limit: "5" });
    expect(queryJoined(query)).toEqual({ emails: "a,b", limit: "5" });
    const entry = { path: "/x", query: {}, status: 200 };
    expect(
      countCalls([
        { ...entry, method: "GET", route: "/users" },
        { ...entry, method: "GET", route: "/users" },
        { ...entry, method: "PUT", route: "/users/{id}" },
      ]),
    ).toEqual({ "GET /users": 2, "PUT /users/{id}": 1 });
  });
});

describe("dumpState", () => {
  it("turns Maps, Sets, toJSON and bigints into a detached JSON copy", () => {
    const group = { id: "g1", members: new Set(["u1", "u2"]) };
    const state = {
      groups: new Map([["g1", group]]),
      byNumber: new Map([[1, "one"]]),
      store: { toJSON: () => ["ordered"] },
      big: 12n,
      missing: undefined,
    };
    const dump = dumpState(state);
    expect(dump).toEqual({
      groups: { g1: { id: "g1", members: ["u1", "u2"] } },
      byNumber: [[1, "one"]],
      store: ["ordered"],
      big: "12",
    });
    (dump as { groups: { g1: { id: string } } }).groups.g1.id = "changed";
    expect(group.id).toBe("g1");
    expect(dumpState(undefined)).toBeNull();
  });
});
