import { ConnectorError } from "@baton-ts/connector-sdk";

/** A cursor for a listing made of several API listings in turn: which one, and its own cursor. */
export interface StageCursor<S extends string> {
  readonly stage: S;
  readonly cursor?: string | undefined;
}

export const encodeStageCursor = <S extends string>(value: StageCursor<S>): string =>
  JSON.stringify(value.cursor === undefined ? { stage: value.stage } : value);

export const decodeStageCursor = <S extends string>(
  text: string | undefined,
  stages: readonly S[],
): StageCursor<S> => {
  const first = stages[0] as S;
  if (text === undefined || text === "") return { stage: first };
  try {
    const parsed = JSON.parse(text) as { stage?: unknown; cursor?: unknown };
    if (
      stages.includes(parsed.stage as S) &&
      (parsed.cursor === undefined || typeof parsed.cursor === "string")
    ) {
      return { stage: parsed.stage as S, cursor: parsed.cursor as string | undefined };
    }
  } catch {
    // fall through to the error below
  }
  throw new ConnectorError(
    "invalid-argument",
    `the page cursor ${JSON.stringify(text)} was not made by this connector`,
  );
};

/** The cursor after a page of `stage`: its next page, else the first page of the following stage. */
export const nextStageCursor = <S extends string>(
  stages: readonly S[],
  stage: S,
  next: string | undefined,
): string | undefined => {
  if (next !== undefined) return encodeStageCursor({ stage, cursor: next });
  const following = stages[stages.indexOf(stage) + 1];
  return following === undefined ? undefined : encodeStageCursor({ stage: following });
};
