/** Milliseconds per unit of Go's `time.ParseDuration`, plus `d` (a day of 24 h). */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/y;

/** A century: longer is a typo, and would overflow nothing but mean nothing either. */
const MAX_MS = 100 * 365 * 86_400_000;

/**
 * Reads a duration the way Baton's Go flags do (`time.ParseDuration`: `2h`, `90m`, `1h30m`, `1.5h`,
 * `500ms`), with `d` for days as well. Returns whole milliseconds, or undefined when the text is not
 * a positive duration. Hand-written: the durations Baton's users type are Go's, and neither effect's
 * Duration (`"2 hours"`) nor the common npm parsers read exactly that syntax.
 */
export const parseDuration = (text: string): number | undefined => {
  const input = text.trim();
  if (input === "") return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (match === null || match.index !== start) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  const ms = Math.round(total);
  return ms >= 1 && ms <= MAX_MS ? ms : undefined;
};

/** `1h30m`, `45s`, `2d3h`: a duration for people, to the second (under a second: ms). */
export const formatDuration = (ms: number): string => {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join("");
};

export const DURATION_HINT = "a duration such as 2h, 90m, 1h30m or 7d";
