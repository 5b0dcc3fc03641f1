/**
 * An API error a simulator answers with: the status, the vendor's error body and any headers. Route
 * handlers, `authenticate` and `admit` throw it; the server sends it as JSON. Each simulator builds its
 * own vendor shapes on it (Segment's `{errors: [{type, message}]}`, SentinelOne's `{errors: [{code, title}]}`).
 */
export class SimulatorError<Payload = unknown> extends Error {
  constructor(
    readonly status: number,
    readonly payload: Payload,
    readonly headers: Readonly<Record<string, string>> = {},
    message = `simulated API error ${status}`,
  ) {
    super(message);
    this.name = "SimulatorError";
  }
}
