import { inspect } from "node:util";
import { ConnectorError } from "../errors.js";

/**
 * A dry run reached a step that uses the answer of a write it did not send (e.g. the id of an object a
 * POST would create). It stops there instead of guessing what the API would have said.
 */
export class DryRunAnswerNeededError extends ConnectorError {
  override readonly name = "DryRunAnswerNeededError";

  constructor(
    readonly write: string,
    readonly field: string,
  ) {
    super(
      "failed-precondition",
      `dry run stopped: the connector's next step uses the answer of ${write}` +
        `${field === "" ? "" : ` (${field})`}, which only a real write returns, so a dry run cannot tell ` +
        "what it would do next. Nothing was sent; the writes up to this one are listed",
      { details: { write, field } },
    );
  }
}

/** Ways to turn a value into something a program can act on; each one ends the dry run. */
const USES: ReadonlySet<PropertyKey> = new Set([
  Symbol.toPrimitive,
  Symbol.iterator,
  Symbol.asyncIterator,
  "toJSON",
  "toString",
  "valueOf",
]);

/**
 * The stand-in for the answer of a write a dry run did not send. Reading fields through it is allowed
 * (connector clients unwrap envelopes such as `reply.data.data` and then ignore the value), but using
 * a value — as text, a number, in a loop, as JSON, calling it, listing its keys — throws
 * DryRunAnswerNeededError naming the write and the field. What a Proxy cannot see: a comparison with
 * `===` or a truthiness test on the answer; a connector whose next step branches on a write's answer
 * marks that request `answerNeeded` so the dry run stops at it.
 *
 * Hand-written: no library offers a "poisoned value" for this, and a Proxy is the only way to let a
 * connector's own client code run unchanged up to the point where the answer would matter.
 */
export const unknownAnswer = (write: string, field = ""): unknown => {
  const fail = (): never => {
    throw new DryRunAnswerNeededError(write, field);
  };
  // A function target, so that calling the answer can be caught too.
  const target = (): undefined => undefined;
  return new Proxy(target, {
    get: (_target, key) => {
      // Not a thenable: `await answer` must hand the answer back, not call `then`.
      if (key === "then") return undefined;
      if (key === inspect.custom) return () => `[answer of ${write}: unknown in a dry run]`;
      if (USES.has(key)) return fail;
      if (typeof key === "symbol") return undefined;
      return unknownAnswer(write, field === "" ? key : `${field}.${key}`);
    },
    apply: fail,
    construct: fail,
    has: fail,
    ownKeys: fail,
    set: fail,
    deleteProperty: fail,
    defineProperty: fail,
  });
};
