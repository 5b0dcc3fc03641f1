import type { Http2ServerResponse, OutgoingHttpHeaders } from "node:http2";

/**
 * Percent-encodes a gRPC status message as grpc-go (ConductorOne's server) does: bytes outside printable ASCII,
 * and `%`, become `%XX`; everything else, `:` and `$` included, is sent as is.
 */
export function encodeGrpcMessage(message: string): string {
  let encoded = "";
  for (const byte of Buffer.from(message, "utf8")) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded;
}

/**
 * The response with its `grpc-message` header or trailer re-encoded the grpc-go way. Connect encodes it with
 * encodeURIComponent, and grpc-js decodes with decodeURI, which leaves `%3A` and `%24` in place: a client on
 * grpc-js would read "TaskId%3A …" from the fake where the real service sends "TaskId: …".
 */
export function withGrpcGoMessageEncoding(response: Http2ServerResponse): Http2ServerResponse {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => Http2ServerResponse;
  const addTrailers = response.addTrailers.bind(response);
  response.writeHead = ((...args: unknown[]) =>
    writeHead(
      ...args.map((arg) =>
        typeof arg === "object" && arg !== null ? reencode(arg as OutgoingHttpHeaders) : arg,
      ),
    )) as typeof response.writeHead;
  response.addTrailers = (headers) => addTrailers(reencode(headers));
  return response;
}

function reencode(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const message = headers["grpc-message"];
  if (typeof message !== "string") return headers;
  return { ...headers, "grpc-message": encodeGrpcMessage(decodeURIComponent(message)) };
}
