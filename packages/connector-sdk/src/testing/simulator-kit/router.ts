/** A route of a simulated API: a method, a path template with `{params}`, and what answers it. */
export interface SimulatorRoute<Context = never, Result = unknown> {
  readonly method: string;
  /** Template such as `/users/{userId}`; the request log and the hooks see it as the request's route. */
  readonly route: string;
  readonly handle: (context: Context) => Result;
}

/** What `match` found: a route and its decoded params, a path that exists under another method, or nothing. */
export type RouteMatch<Route> =
  | { readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly methodNotAllowed: true }
  | undefined;

export interface Router<Route> {
  match(method: string, path: string): RouteMatch<Route>;
}

/**
 * Compiles route templates once. A `{name}` segment matches `paramPattern` (a RegExp source, default one
 * path segment); e.g. `\\d+` makes `/users/abc` an unknown path, as an API with numeric ids answers.
 * The first route that matches wins. Hand-written: a router library would bring its own server model,
 * and the simulators need nothing beyond templates.
 */
export const createRouter = <Route extends { readonly method: string; readonly route: string }>(
  routes: readonly Route[],
  paramPattern = "[^/]+",
): Router<Route> => {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.route.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return `(${paramPattern})`;
    });
    return { route, names, pattern: new RegExp(`^${source === "/" ? "/?" : source}$`) };
  });
  return {
    match: (method, path) => {
      let pathExists = false;
      for (const { route, names, pattern } of compiled) {
        const found = pattern.exec(path);
        if (found === null) continue;
        if (route.method !== method) {
          pathExists = true;
          continue;
        }
        const params = Object.fromEntries(
          names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? "")]),
        );
        return { route, params };
      }
      return pathExists ? { methodNotAllowed: true } : undefined;
    },
  };
};
