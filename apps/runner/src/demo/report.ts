/** Where the demo writes: plain text for a newcomer reading a terminal. */
export interface Printer {
  heading(text: string): void;
  /** A program run: its label and the command line. */
  step(label: string, command: string): void;
  detail(text: string): void;
  note(text: string): void;
}

export const createPrinter = (write: (text: string) => void): Printer => ({
  heading: (text) => write(`\n== ${text}\n`),
  step: (label, command) => write(`\n  ${label.padEnd(7)}$ ${command}\n`),
  detail: (text) => {
    for (const line of text.split("\n")) write(`           ${line}\n`);
  },
  note: (text) => write(`\n  ${text}\n`),
});

export const total = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

/** `user 24, group 5, ...` in a stable order. */
export const formatCounts = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n.toLocaleString("en-US")}`)
    .join(", ");

/** API calls per endpoint, busiest first. */
export const formatCalls = (calls: Readonly<Record<string, number>>): string =>
  Object.entries(calls)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([route, n]) => `${route} ×${n}`)
    .join(", ");

export const formatDuration = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
