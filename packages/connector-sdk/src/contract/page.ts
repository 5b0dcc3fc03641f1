/**
 * One page of a listing. Paging is by opaque cursor, one page per call, so that the engine can
 * checkpoint between pages. An absent or empty `nextCursor` means "no more pages".
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | undefined;
}

/** Convenience for the common single-page case. */
export const onePage = <T>(items: readonly T[]): Page<T> => ({ items });
