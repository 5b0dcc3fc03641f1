import type { IncomingMessage } from "node:http";

/**
 * The request body as text, or undefined when it is larger than `maxBytes`. A too-large body is still
 * read to its end (and dropped), so the client gets the simulator's error reply rather than a reset.
 */
export const readRequestBody = async (
  request: IncomingMessage,
  maxBytes: number,
): Promise<string | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? undefined : Buffer.concat(chunks).toString("utf8");
};
