import type { Page } from "../contract/page.js";
import { ConnectorError, ContractError } from "../errors.js";

/** How one stage reads a page: its own API cursor in, a page with the API's next cursor out. */
export type StagePage<T> = (cursor: string | undefined) => Promise<Page<T>>;

export interface StageSequence<S extends string> {
  readonly stages: readonly S[];
  /**
   * One page of the listing: the stage and API cursor are read from `cursor` (undefined: the first
   * stage's first page), that stage's page is fetched, and the returned cursor points at its next
   * page or, after its last, at the first page of the following stage.
   */
  page<T>(cursor: string | undefined, read: { readonly [K in S]: StagePage<T> }): Promise<Page<T>>;
}

interface StageCursor {
  readonly stage: string;
  readonly cursor?: string;
}

const encode = (stage: string, cursor?: string): string =>
  JSON.stringify(cursor === undefined ? { stage } : { stage, cursor });

/**
 * A listing made of several API listings in turn, e.g. a group's grants: its roles, then its
 * members, then its pending invitees. Declared once with the stages in order; each call of `page`
 * reads one page of one stage, so the engine checkpoints between any two API pages. The cursor is
 * `{"stage":…,"cursor":…}` JSON, opaque to everyone but the sequence.
 */
export const stageSequence = <const S extends string>(...stages: S[]): StageSequence<S> => {
  if (stages.length === 0) throw new ContractError("stageSequence() needs at least one stage");
  if (new Set(stages).size !== stages.length) {
    throw new ContractError(`stageSequence(${stages.join(", ")}) names a stage twice`);
  }
  const decode = (text: string | undefined): StageCursor => {
    if (text === undefined || text === "") return { stage: stages[0] as S };
    try {
      const parsed = JSON.parse(text) as { stage?: unknown; cursor?: unknown };
      if (
        stages.includes(parsed.stage as S) &&
        (parsed.cursor === undefined || (typeof parsed.cursor === "string" && parsed.cursor !== ""))
      ) {
        return parsed as StageCursor;
      }
    } catch {
      // reported below
    }
    throw new ConnectorError(
      "invalid-argument",
      `the page cursor ${JSON.stringify(text)} was not made by this listing (stages ${stages.join(", ")})`,
    );
  };
  return {
    stages,
    async page(cursor, read) {
      const at = decode(cursor);
      const stage = at.stage as S;
      const fetched = await read[stage](at.cursor);
      const next = fetched.nextCursor;
      const following = stages[stages.indexOf(stage) + 1];
      const nextCursor =
        next !== undefined && next !== ""
          ? encode(stage, next)
          : following === undefined
            ? undefined
            : encode(following);
      return nextCursor === undefined ? { items: fetched.items } : { items: fetched.items, nextCursor };
    },
  };
};
