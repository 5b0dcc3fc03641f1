import { describe, expect, it } from "vitest";
import { wrapText } from "./table.js";

describe("wrapText", () => {
  it("wraps at spaces and splits only a word wider than the column", () => {
    expect(wrapText("Warehouse Read-only (workspace-wide)", 12)).toBe(
      "Warehouse\nRead-only\n(workspace-w\nide)",
    );
    expect(wrapText("short", 12)).toBe("short");
    expect(wrapText("via group:eng:member", 10)).toBe("via\ngroup:eng:\nmember");
  });
  it("measures wide characters by their columns", () => {
    expect(wrapText("東京 大阪", 4)).toBe("東京\n大阪");
  });
});
