import type { Progress, RequestPromise, Response } from "got";

/**
 * The largest response body the HTTP client reads by default: 64 MiB. A page is parsed as text, then
 * as JSON, then validated, which held about ten times its size at once (a 300 MiB page took 3.2 GB);
 * no page of an identity API needs more. `maxResponseBytes` raises or lowers it per client.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A response whose body (announced or received so far) is larger than the client's limit. */
export class ResponseTooLargeError extends Error {
  override readonly name = "ResponseTooLargeError";

  constructor(
    readonly limit: number,
    /** Bytes announced by Content-Length or received when the read stopped. */
    readonly seen: number,
  ) {
    super(`response body of at least ${seen} bytes exceeds the limit of ${limit} bytes`);
  }
}

/**
 * Awaits a got request whose body may not grow beyond `limit` bytes (after decompression): it is
 * cancelled as soon as Content-Length announces more or the received bytes pass the limit, so memory
 * stays bounded and nothing is read twice (the caller does not retry it).
 */
export const boundedResponse = async (
  send: (signal: AbortSignal) => RequestPromise<Response<string>>,
  signal: AbortSignal,
  limit: number,
): Promise<Response<string>> => {
  const stop = new AbortController();
  let tooLarge: ResponseTooLargeError | undefined;
  const pending = send(AbortSignal.any([signal, stop.signal]));
  pending.on("downloadProgress", ({ transferred, total }: Progress) => {
    const seen = Math.max(transferred, total ?? 0);
    if (tooLarge === undefined && seen > limit) {
      tooLarge = new ResponseTooLargeError(limit, seen);
      stop.abort(tooLarge);
    }
  });
  try {
    return await pending;
  } catch (error) {
    throw tooLarge ?? error;
  }
};
