import { describe, expect, it } from "vitest";
import { type StoreLister, StoreScanner } from "./store-scanner.js";

/** A store like the c1z's paging: rows with increasing ids, token = row id to continue from. */
const fakeStore = () => {
  const rows: { id: number; value: string }[] = [];
  const list: StoreLister<string> = (pageToken, pageSize) => {
    const from = pageToken === undefined ? 0 : Number(pageToken);
    const matching = rows.filter((row) => row.id >= from);
    const page = matching.slice(0, pageSize);
    const next = matching[pageSize];
    return {
      items: page.map((row) => row.value),
      ...(next === undefined ? {} : { nextPageToken: String(next.id) }),
    };
  };
  const add = (...values: string[]) => {
    for (const value of values) rows.push({ id: (rows.at(-1)?.id ?? 0) + 3, value });
  };
  return { list, add };
};

const drain = (scanner: StoreScanner<string>): string[] => {
  const taken: string[] = [];
  for (let entry = scanner.take(); entry !== undefined; entry = scanner.take()) {
    taken.push(entry.item);
    scanner.complete(entry);
  }
  return taken;
};

describe("StoreScanner", () => {
  it("hands out every stored row once, in order, across pages", () => {
    const store = fakeStore();
    store.add(...Array.from({ length: 23 }, (_, i) => `r${i}`));
    const scanner = new StoreScanner(store.list, undefined, { batch: 5 });
    expect(drain(scanner)).toEqual(Array.from({ length: 23 }, (_, i) => `r${i}`));
    expect(scanner.finished).toBe(true);
  });

  it("resumes from a snapshot: done items are skipped, in-flight ones come back with their cursor", () => {
    const store = fakeStore();
    store.add("a", "b", "c", "d", "e", "f", "g");
    const scanner = new StoreScanner(store.list, undefined, { batch: 3 });
    const a = scanner.take();
    const b = scanner.take();
    const c = scanner.take();
    const d = scanner.take();
    if (!a || !b || !c || !d) throw new Error("expected four entries");
    b.cursor = "page-2";
    b.sub = 1;
    scanner.complete(a);
    scanner.complete(c);
    const snapshot = scanner.snapshot();
    // b and d are unfinished; a is trimmed, c is done inside the window.
    expect(snapshot.started).toBe(3);
    expect(snapshot.inflight).toEqual([
      [0, 1, "page-2"],
      [2, 0, null],
    ]);

    const resumed = new StoreScanner(store.list, JSON.parse(JSON.stringify(snapshot)), { batch: 3 });
    const first = resumed.take();
    expect([first?.item, first?.cursor, first?.sub]).toEqual(["b", "page-2", 1]);
    const second = resumed.take();
    expect([second?.item, second?.cursor]).toEqual(["d", undefined]);
    if (first) resumed.complete(first);
    if (second) resumed.complete(second);
    expect(drain(resumed)).toEqual(["e", "f", "g"]);
  });

  it("bounds the window: no new item while the oldest unfinished one is too far behind", () => {
    const store = fakeStore();
    store.add("a", "b", "c", "d");
    const scanner = new StoreScanner(store.list, undefined, { batch: 10, maxWindow: 2 });
    const a = scanner.take();
    const b = scanner.take();
    expect(scanner.take()).toBeUndefined();
    if (b) scanner.complete(b);
    expect(scanner.take()).toBeUndefined();
    if (a) scanner.complete(a);
    expect(scanner.take()?.item).toBe("c");
  });

  it("when growing, sees rows added after it reached the end, once the store's generation moved", () => {
    const store = fakeStore();
    let generation = 0;
    store.add("a");
    const scanner = new StoreScanner(store.list, undefined, {
      batch: 4,
      growing: true,
      generation: () => generation,
    });
    expect(drain(scanner)).toEqual(["a"]);
    expect(scanner.finished).toBe(true);
    store.add("b", "c");
    expect(scanner.finished).toBe(true);
    generation += 1;
    expect(scanner.finished).toBe(false);
    expect(drain(scanner)).toEqual(["b", "c"]);
    // And across a snapshot taken at the end of the rows.
    const resumed = new StoreScanner(store.list, scanner.snapshot(), {
      batch: 4,
      growing: true,
      generation: () => generation,
    });
    store.add("d");
    expect(drain(resumed)).toEqual(["d"]);
  });
});
