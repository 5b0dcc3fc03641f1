import { isIP } from "node:net";
import { ConfigError } from "../errors.js";

const stripBrackets = (host: string): string =>
  host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;

/** Whether a host name or address is this machine: `localhost`, 127.0.0.0/8 or ::1. */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = stripBrackets(hostname.toLowerCase());
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1" || host.startsWith("::ffff:127.");
  return false;
};

/** Whether `url` points at this machine (simulators and tests may use plain http there). */
export const isLoopbackUrl = (url: string | URL): boolean => {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
};

/**
 * Parses a base URL and refuses anything but https, except on loopback. Credentials would travel in
 * clear text over plain http, so this is a configuration error, not a warning.
 */
export const parseBaseUrl = (baseUrl: string, service: string): URL => {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(
      `the ${service} base URL "${baseUrl}" is not a valid URL (expected e.g. https://api.example.com)`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigError(
      `the ${service} base URL must not contain a user name or password; pass credentials as a token`,
    );
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === "http:") {
    throw new ConfigError(
      `the ${service} base URL ${url.origin} uses plain http, which would send credentials unencrypted: use https:// (plain http is allowed only for loopback addresses such as 127.0.0.1 or localhost)`,
    );
  }
  throw new ConfigError(`the ${service} base URL ${url.origin} must use https://`);
};

/** Whether `parseBaseUrl` accepts `baseUrl`: for config schemas, which check settings before any client exists. */
export const isAcceptedBaseUrl = (baseUrl: string): boolean => {
  try {
    parseBaseUrl(baseUrl, "API");
    return true;
  } catch {
    return false;
  }
};
