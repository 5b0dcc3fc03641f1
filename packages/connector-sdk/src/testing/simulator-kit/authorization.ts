import type { IncomingHttpHeaders } from "node:http";
import type { SimulatorError } from "./simulator-error.js";

/**
 * The credential of an `Authorization: <scheme> <token>` header, or undefined when the header is missing
 * or uses another scheme (`Bearer` for most APIs, `ApiToken` for SentinelOne).
 */
export const authorizationToken = (headers: IncomingHttpHeaders, scheme: string): string | undefined => {
  const header = headers.authorization ?? "";
  if (!header.startsWith(`${scheme} `)) return undefined;
  const token = header.slice(scheme.length + 1).trim();
  return token === "" ? undefined : token;
};

/**
 * A simulator's `authenticate`: the header's token looked up with `lookup` (what the token may do, or
 * undefined for an unknown or revoked one); anything else gets the vendor's 401 from `unauthorized`.
 */
export const tokenAuth =
  <Auth>(
    scheme: string,
    lookup: (token: string) => Auth | undefined,
    unauthorized: () => SimulatorError,
  ): ((request: { readonly headers: IncomingHttpHeaders }) => Auth) =>
  (request) => {
    const token = authorizationToken(request.headers, scheme);
    const auth = token === undefined ? undefined : lookup(token);
    if (auth === undefined) throw unauthorized();
    return auth;
  };
