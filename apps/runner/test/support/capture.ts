import { Writable } from "node:stream";

/** A writable stream that keeps what was written, for in-process runs of a program. */
export const captureStream = (): { stream: Writable; text: () => string } => {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
};
