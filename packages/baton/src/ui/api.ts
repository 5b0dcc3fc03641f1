import { useEffect, useState } from "preact/hooks";
import type { ApiError } from "../explorer/api-types.js";

/**
 * Reads the explorer's JSON API. The page lives at /<token>/, so relative URLs carry the token; no
 * request ever goes anywhere but the server that served the page.
 */
export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== "") query.set(name, value);
  const response = await fetch(`api/${path}${query.size ? `?${query}` : ""}`);
  const body = (await response.json()) as T | ApiError;
  if (!response.ok) throw new Error((body as ApiError).error ?? `HTTP ${response.status}`);
  return body as T;
}

/** A link to a CSV export (downloaded by the browser, streamed by the server). */
export const exportUrl = (path: string, params: Record<string, string>) =>
  `api/export/${path}?${new URLSearchParams(params)}`;

export type Loaded<T> =
  | { state: "loading" }
  | { state: "error"; error: string }
  | { state: "ready"; data: T };

/** Loads one API resource, again whenever `key` changes. */
export function useApi<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    load().then(
      (data) => current && setLoaded({ state: "ready", data }),
      (error: Error) => current && setLoaded({ state: "error", error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return loaded;
}

/** Path segments are encoded in links and decoded here (the router hands them over as they are). */
export const segment = (value: string | undefined): string => {
  try {
    return decodeURIComponent(value ?? "");
  } catch {
    return value ?? "";
  }
};
