import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// The explorer's size budget (package README, "Explorer"): what a browser downloads, gzipped.
const BUDGET_GZIP_BYTES = { "app.js": 20 * 1024, "app.css": 4 * 1024, total: 24 * 1024 };
const ui = fileURLToPath(new URL("../dist/ui/", import.meta.url));

describe("the explorer's built app", () => {
  it("is exactly index.html, app.js and app.css", () => {
    expect(readdirSync(ui).sort()).toEqual(["app.css", "app.js", "index.html"]);
  });

  it("stays within its gzipped size budget", () => {
    const size = (name: "app.js" | "app.css") => gzipSync(readFileSync(`${ui}${name}`), { level: 9 }).length;
    const js = size("app.js");
    const css = size("app.css");
    expect(js).toBeLessThanOrEqual(BUDGET_GZIP_BYTES["app.js"]);
    expect(css).toBeLessThanOrEqual(BUDGET_GZIP_BYTES["app.css"]);
    expect(js + css).toBeLessThanOrEqual(BUDGET_GZIP_BYTES.total);
  });

  it("references nothing on the internet (no CDN, font or image URL)", () => {
    for (const name of readdirSync(ui)) {
      const text = readFileSync(`${ui}${name}`, "utf8");
      // Namespace URIs (SVG/MathML/XHTML) inside the UI library are identifiers, never fetched.
      const urls = (text.match(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi) ?? []).filter(
        (url) => !/^https?:\/\/www\.w3\.org\//.test(url),
      );
      expect({ name, urls }).toEqual({ name, urls: [] });
    }
  });
});
