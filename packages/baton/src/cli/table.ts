import Table from "cli-table3";
import stringWidth from "string-width";
import type { Out } from "./io.js";

/**
 * An id column is never wrapped or shortened (its values are pasted into --grant-entitlement,
 * --revoke-grant and the like); a text column (names, descriptions) wraps at word boundaries when the
 * table would be wider than the terminal.
 */
export interface Column {
  header: string;
  kind: "id" | "text";
}

const GAP = 2;
const MIN_TEXT_WIDTH = 10;
// Rows are rendered this many at a time, so a listing of a million grants streams instead of piling up.
const BATCH = 200;

const PLAIN = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: " ".repeat(GAP),
};

/**
 * A console table sized to the terminal, rendered with cli-table3 in batches. Column widths are fixed by
 * the first batch (later batches widen an id column if they must, never narrow one). When even the id
 * columns with the narrowest text columns are wider than the terminal (long ids, narrow window), each
 * row is printed as a block of "Header  value" lines instead, ids whole, text wrapped to the width.
 */
export class ConsoleTable {
  #pending: string[][] = [];
  #widths: number[] | undefined;
  #records = false;
  #rows = 0;

  constructor(
    private readonly out: Out,
    private readonly columns: readonly Column[],
    private readonly width: number | undefined,
    private readonly empty: string,
  ) {}

  async add(row: readonly string[]): Promise<void> {
    this.#pending.push(row.map((cell) => cell.replace(/[\r\n\t]+/g, " ")));
    if (this.#pending.length >= BATCH) await this.#flush();
  }

  async end(): Promise<void> {
    await this.#flush();
    if (this.#rows === 0) await this.out.write(`${this.empty}\n`);
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const rows = this.#pending;
    this.#pending = [];
    const first = this.#widths === undefined;
    const widths = this.#fit(rows);
    if (this.#records) return this.#writeRecords(rows);
    const table = new Table({
      chars: PLAIN,
      style: { head: [], border: [], "padding-left": 0, "padding-right": 0, compact: true },
      colWidths: widths,
    });
    if (first) {
      table.push(this.columns.map((column) => column.header));
      table.push(widths.map((width) => "─".repeat(width)));
    }
    for (const row of rows) {
      table.push(
        row.map((cell, index) =>
          this.columns[index]?.kind === "text" ? wrapText(cell, widths[index] ?? 0) : cell,
        ),
      );
    }
    this.#rows += rows.length;
    await this.out.write(`${table.toString().replace(/[ ]+$/gm, "")}\n`);
  }

  async #writeRecords(rows: readonly string[][]): Promise<void> {
    const labelWidth = Math.max(...this.columns.map((column) => stringWidth(column.header)));
    const valueWidth = Math.max(MIN_TEXT_WIDTH, (this.width ?? 80) - labelWidth - GAP);
    let text = "";
    for (const row of rows) {
      if (this.#rows > 0) text += "\n";
      this.#rows++;
      for (const [index, column] of this.columns.entries()) {
        const value = row[index] ?? "";
        const lines = (column.kind === "text" ? wrapText(value, valueWidth) : value).split("\n");
        const label = column.header + " ".repeat(labelWidth - stringWidth(column.header) + GAP);
        text += `${label}${lines.join(`\n${" ".repeat(labelWidth + GAP)}`)}\n`;
      }
    }
    await this.out.write(text);
  }

  /** Natural widths, then the text columns shrink (never below MIN_TEXT_WIDTH) until the table fits. */
  #fit(rows: readonly string[][]): number[] {
    const natural = this.columns.map((column, index) =>
      Math.max(stringWidth(column.header), ...rows.map((row) => stringWidth(row[index] ?? ""))),
    );
    if (this.#widths !== undefined) {
      this.#widths = this.#widths.map((width, index) =>
        this.columns[index]?.kind === "id" ? Math.max(width, natural[index] ?? 0) : width,
      );
      return this.#widths;
    }
    const widths = [...natural];
    if (this.width !== undefined) {
      const total = () => widths.reduce((sum, width) => sum + width, 0) + GAP * (widths.length - 1);
      const text = this.columns.flatMap((column, index) => (column.kind === "text" ? [index] : []));
      while (total() > this.width) {
        // Take one column from the widest text column that can still give.
        const widest = text
          .filter((index) => (widths[index] ?? 0) > MIN_TEXT_WIDTH)
          .sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0))[0];
        if (widest === undefined) {
          this.#records = true; // even squeezed, rows would run over: one block per row instead
          break;
        }
        widths[widest] = (widths[widest] ?? 0) - 1;
      }
    }
    this.#widths = widths;
    return widths;
  }
}

/**
 * Wraps text into lines of at most `width` columns at spaces, splitting a word only when it alone is
 * wider (cli-table3's own wrapping cuts such a word off with an ellipsis instead).
 */
export function wrapText(text: string, width: number): string {
  if (width <= 0 || stringWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    const pieces: string[] = [];
    let piece = "";
    for (const character of word) {
      if (stringWidth(piece + character) > width) {
        pieces.push(piece);
        piece = "";
      }
      piece += character;
    }
    pieces.push(piece);
    for (const part of pieces) {
      const candidate = line === "" ? part : `${line} ${part}`;
      if (stringWidth(candidate) <= width) line = candidate;
      else {
        lines.push(line);
        line = part;
      }
    }
  }
  lines.push(line);
  return lines.filter((candidate, index) => candidate !== "" || index === 0).join("\n");
}
