import type { ExpectedChange, JournalWrite } from "../../http/write-journal.js";

/** One write as a person reads it: `POST /groups/g1/users {"emails":["ada@example.com"]}`. */
export const writeLine = (write: JournalWrite): string =>
  `${write.method} ${write.path}${write.body === undefined ? "" : ` ${JSON.stringify(write.body)}`}`;

/** The writes a dry run recorded and the differences it expects, as printed after its headline. */
export const dryRunDetails = (
  writes: readonly JournalWrite[],
  expected: readonly ExpectedChange[],
): string => {
  const lines: string[] = [];
  for (const change of expected) {
    lines.push(
      `Expected: ${change.description}${change.differences.length === 0 ? "" : `: ${change.differences.join("; ")}`}`,
    );
  }
  lines.push(
    writes.length === 0
      ? "Writes it would make: none"
      : `Writes it would make (${writes.length}, secrets redacted):`,
  );
  for (const write of writes) lines.push(`  ${writeLine(write)}`);
  return `${lines.join("\n")}\n`;
};
