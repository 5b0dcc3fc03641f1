import { describe, expect, it } from "vitest";
import { base64Cursor, offsetCursor } from "./cursors.js";
import { compareIds, IdCollection } from "./id-collection.js";
import { keysetPage } from "./keyset-paging.js";
import { offsetPage } from "./offset-paging.js";

describe("cursors", () => {
  it("decode only what encode produces", () => {
    expect(base64Cursor.encode("user_id:42")).toBe("dXNlcl9pZDo0Mg==");
    expect(base64Cursor.decode("dXNlcl9pZDo0Mg==")).toBe("user_id:42");
    for (const forged of ["", "dXNlcl9pZDo0Mg", "not base64!", "dXNlcl9pZDo0Mg==="]) {
      expect(base64Cursor.decode(forged)).toBeUndefined();
    }
  });

  it("offset cursors are canonical whole numbers", () => {
    expect(offsetCursor.encode(0)).toBe("MA==");
    expect(offsetCursor.decode("MA==")).toBe(0);
    expect(offsetCursor.decode(offsetCursor.encode(250))).toBe(250);
    for (const text of ["05", "-1", "1e3", "1.5", "x"]) {
      expect(offsetCursor.decode(base64Cursor.encode(text))).toBeUndefined();
    }
  });
});

describe("offsetPage", () => {
  const items = ["a", "b", "c", "d", "e"];

  it("gives the page and where the neighbours start", () => {
    expect(offsetPage(items, 0, 2)).toEqual({ items: ["a", "b"], next: 2, previous: undefined, total: 5 });
    expect(offsetPage(items, 3, 2)).toEqual({ items: ["d", "e"], next: undefined, previous: 1, total: 5 });
    expect(offsetPage(items, 1, 4)).toEqual({
      items: ["b", "c", "d", "e"],
      next: undefined,
      previous: 0,
      total: 5,
    });
    expect(offsetPage(items, 9, 2)).toEqual({ items: [], next: undefined, previous: 7, total: 5 });
  });
});

describe("IdCollection and keysetPage", () => {
  const ids = ["10", "9", "100", "11", "2"];
  const collection = () => new IdCollection(ids.map((id) => ({ id, even: Number(id) % 2 === 0 })));

  it("keeps objects in numeric id order through changes", () => {
    const store = collection();
    expect(store.all().map((item) => item.id)).toEqual(["2", "9", "10", "11", "100"]);
    store.put({ id: "50", even: true });
    store.delete("9");
    expect(store.all().map((item) => item.id)).toEqual(["2", "10", "11", "50", "100"]);
    expect(store.indexAfter("10")).toBe(2);
    expect(store.indexAfter("12")).toBe(3);
    expect(JSON.parse(JSON.stringify(store)).map((item: { id: string }) => item.id)).toEqual(
      store.all().map((item) => item.id),
    );
    expect([compareIds("9", "10"), compareIds("12", "11"), compareIds("5", "5")]).toEqual([-1, 1, 0]);
  });

  it("pages after a cursor id with filters, skip, counts and countOnly", () => {
    const store = collection();
    const first = keysetPage(store, { limit: 2 });
    expect(first).toEqual({ items: store.all().slice(0, 2), more: true, total: 5 });
    const next = keysetPage(store, { after: "9", limit: 2 });
    expect(next.items.map((item) => item.id)).toEqual(["10", "11"]);
    expect(next.more).toBe(true);
    const even = keysetPage(store, { limit: 5, matches: (item) => item.even });
    expect(even).toEqual({ items: store.all().filter((item) => item.even), more: false, total: 3 });
    // The last matching item ends the list: no further page although odd ids follow.
    expect(keysetPage(store, { after: "2", limit: 1, matches: (item) => item.even })).toMatchObject({
      more: true,
    });
    expect(keysetPage(store, { after: "10", limit: 1, matches: (item) => item.even })).toMatchObject({
      more: false,
    });
    expect(keysetPage(store, { limit: 2, skip: 3 }).items.map((item) => item.id)).toEqual(["11", "100"]);
    expect(keysetPage(store, { limit: 2, count: false }).total).toBeNull();
    expect(keysetPage(store, { limit: 2, countOnly: true })).toEqual({ items: [], more: false, total: 5 });
  });
});
