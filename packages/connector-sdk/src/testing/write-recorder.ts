import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

/** One write as it reached the API: method, path with its query, and the JSON body (if any). */
export interface RecordedWrite {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface WriteRecorder {
  /** The recorder's base URL: the target's URL with the recorder's origin (same path prefix). */
  readonly url: string;
  /** Every request other than GET, in the order they arrived. */
  readonly writes: readonly RecordedWrite[];
  clear(): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a simulator that records every write on the wire (the simulators'
 * own request logs keep no bodies), so a test can hold a dry run's printed writes against the writes a
 * real run then sends: same method, path and body. Plain HTTP only (simulators are loopback).
 */
export const startWriteRecorder = async (options: { target: string }): Promise<WriteRecorder> => {
  const target = new URL(options.target);
  if (target.protocol !== "http:")
    throw new Error(`startWriteRecorder: target must be an http:// URL, got ${options.target}`);
  const writes: RecordedWrite[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const method = req.method ?? "GET";
      if (method !== "GET") {
        const text = raw.toString("utf8");
        writes.push({ method, path: req.url ?? "/", ...(text === "" ? {} : { body: JSON.parse(text) }) });
      }
      const upstream = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", (error) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(`write recorder: upstream failed: ${error.message}`);
      });
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const prefix = target.pathname === "/" ? "" : target.pathname.replace(/\/$/, "");
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    writes,
    clear: () => {
      writes.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
