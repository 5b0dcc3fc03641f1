import { validationError } from "./api-error.js";

/** Query-string readers with SentinelOne's validation rules and messages. */
export class QueryReader {
  constructor(private readonly params: URLSearchParams) {}

  has(name: string): boolean {
    return this.params.has(name);
  }

  string(name: string): string | undefined {
    const values = this.params.getAll(name);
    return values.length === 0 ? undefined : values.join(",");
  }

  /** Comma-joined list (`accountIds=1,2`); repeated keys are accepted too. */
  list(name: string): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    return raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** An id list: decimal strings ≥ 10^17, as the real API demands. */
  ids(name: string): Set<string> | undefined {
    const items = this.list(name);
    if (items === undefined) return undefined;
    items.forEach((item, index) => {
      if (!/^\d+$/.test(item) || item.replace(/^0+/, "").length < 18) {
        throw validationError(`${name}: ${index}: Must be greater than or equal to 100000000000000000.`);
      }
    });
    return new Set(items);
  }

  bool(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (raw === "true") return true;
    if (raw === "false") return false;
    throw validationError(`${name}: Not a valid boolean.`);
  }

  int(name: string, min: number, max: number): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw validationError(
        `${name}: Must be greater than or equal to ${min} and less than or equal to ${max}.`,
      );
    }
    return value;
  }
}
