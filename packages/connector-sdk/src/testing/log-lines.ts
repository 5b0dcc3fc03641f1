/** The JSON log lines a program wrote to stderr, parsed (other lines, e.g. usage errors, are skipped). */
export const jsonLogLines = (stderr: string): Record<string, unknown>[] =>
  stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
