/**
 * Baton stores times as TEXT in Go's layout `2006-01-02 15:04:05.999999999`: no zone, trailing fractional
 * zeros dropped (and the dot with them). We always write UTC. "Latest" is chosen by string comparison,
 * which this layout keeps equal to time order.
 */
export function formatTimestamp(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("formatTimestamp: invalid Date");
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ, always UTC
  const fraction = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ""}`;
}

const TIMESTAMP_PATTERN =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a stored timestamp back. Text without a zone is UTC (as Go reads it). Sub-millisecond digits are
 * dropped because Date cannot hold them. Returns undefined for text that is not a timestamp.
 */
export function parseTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, day, time, fraction = "", zone = "Z"] = match;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const normalisedZone = zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${day}T${time}.${millis}${normalisedZone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
