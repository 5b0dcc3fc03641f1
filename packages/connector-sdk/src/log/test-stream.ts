import { Writable } from "node:stream";

/** A writable stream that keeps what was written, for logger tests. */
export const captureStream = (): { stream: Writable; lines: () => string[]; text: () => string } => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const text = () => chunks.join("");
  return {
    stream,
    text,
    lines: () =>
      text()
        .split("\n")
        .filter((line) => line.length > 0),
  };
};
