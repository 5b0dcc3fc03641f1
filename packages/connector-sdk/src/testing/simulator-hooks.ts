import type { ServerResponse } from "node:http";

/** A request as a simulator's test hook sees it (after authentication and routing). */
export interface HookedRequest {
  readonly method: string;
  /** The route template, e.g. `/users/{id}`. */
  readonly route: string;
  readonly path: string;
}

/** What a hook makes the simulator answer instead of the API: a status and body, or a dropped connection. */
export type HookReply =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: unknown;
    }
  | { readonly reset: true };

/**
 * A test's hand on a simulator, so that tests can put "another admin" or a fault at an exact moment.
 * Each returns a reply to send instead of the API's, or nothing.
 */
export interface SimulatorHook {
  /** Before the API handles the request: change the state (someone acts first) and/or answer instead, applying nothing. */
  readonly before?: (request: HookedRequest) => HookReply | undefined;
  /** After the API applied the request: change the state and/or replace the answer (the change stays applied). */
  readonly after?: (request: HookedRequest) => HookReply | undefined;
}

/**
 * A hook that acts on the `nth` request (1-based) that `match` accepts, once. Requests are counted
 * when they reach the API, so a retry counts as a request of its own.
 */
export const onNthRequest = (
  match: (request: HookedRequest) => boolean,
  nth: number,
  hook: SimulatorHook,
): SimulatorHook => {
  let seen = 0;
  let current = false;
  return {
    before: (request) => {
      if (!match(request)) return undefined;
      seen += 1;
      current = seen === nth;
      return current ? hook.before?.(request) : undefined;
    },
    after: (request) => {
      if (!match(request) || !current) return undefined;
      current = false;
      return hook.after?.(request);
    },
  };
};

/** Runs each hook's phase in order; the first reply wins, but every hook sees the request. */
export const runHooks = (
  hooks: readonly SimulatorHook[],
  phase: "before" | "after",
  request: HookedRequest,
): HookReply | undefined => {
  let reply: HookReply | undefined;
  for (const hook of hooks) {
    const answer = hook[phase]?.(request);
    reply ??= answer;
  }
  return reply;
};

/** Sends a hook's reply: JSON with the status, or the socket destroyed (the client sees a reset). */
export const sendHookReply = (response: ServerResponse, reply: HookReply): void => {
  if ("reset" in reply) {
    response.socket?.destroy();
    return;
  }
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
};
