/** One request a simulator answered, as tests and benchmarks count and inspect them. */
export interface SimulatorRequestLogEntry<Query = Readonly<Record<string, string | string[]>>> {
  readonly method: string;
  /** The path below the API's prefix. */
  readonly path: string;
  /** The route template the path matched (`/users/{userId}`), even if the request failed; else the path. */
  readonly route: string;
  /** The query in the simulator's chosen form (`queryWithArrays`, `queryJoined`). */
  readonly query: Query;
  /** The status sent; 0 when a hook dropped the connection. */
  readonly status: number;
}

/** Query parameters as a record; a repeated key becomes an array of its values. */
export const queryWithArrays = (query: URLSearchParams): Record<string, string | string[]> => {
  const record: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const existing = record[key];
    record[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return record;
};

/** Query parameters as a record; a repeated key's values are joined with commas. */
export const queryJoined = (query: URLSearchParams): Record<string, string> => {
  const record: Record<string, string> = {};
  for (const key of new Set(query.keys())) record[key] = query.getAll(key).join(",");
  return record;
};

/** Requests per `METHOD route`, e.g. `{"GET /users": 50, "PUT /users/{id}": 1}`. */
export const countCalls = (entries: readonly SimulatorRequestLogEntry<unknown>[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const entry of entries) {
    const key = `${entry.method} ${entry.route}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};
