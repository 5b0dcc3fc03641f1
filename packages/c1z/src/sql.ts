import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { C1zUsageError } from "./errors.js";

/**
 * One SQLite connection with its prepared statements cached by SQL text (preparing is the costly part of
 * a point query) and nestable transactions.
 */
export class Sql {
  readonly #statements = new Map<string, StatementSync>();
  #savepoints = 0;

  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** A cached prepared statement. Never iterate a cached one: a second iterate() would reset the first. */
  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Streams rows from a fresh statement, so nested or interleaved iterations stay independent. */
  *iterate(sql: string, ...params: SQLInputValue[]): Generator<Record<string, unknown>> {
    const statement = this.db.prepare(sql);
    for (const row of statement.iterate(...params)) yield row as Record<string, unknown>;
  }

  /**
   * Runs `fn` in one transaction (a savepoint when nested) and commits, or rolls back if it throws.
   * `fn` must be synchronous: node:sqlite is synchronous, and an awaited gap would let other work in.
   */
  transaction<T>(fn: () => T): T {
    const nested = this.db.isTransaction;
    const savepoint = `c1z_${++this.#savepoints}`;
    this.db.exec(nested ? `savepoint ${savepoint}` : "begin immediate");
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise) {
        // Swallow the promise's own rejection: we report the misuse instead.
        result.catch(() => {});
        throw new C1zUsageError("transaction(fn): fn must be synchronous; it returned a Promise");
      }
    } catch (error) {
      if (nested) {
        this.db.exec(`rollback to ${savepoint}`);
        this.db.exec(`release ${savepoint}`);
      } else if (this.db.isTransaction) {
        this.db.exec("rollback");
      }
      throw error;
    } finally {
      this.#savepoints--;
    }
    this.db.exec(nested ? `release ${savepoint}` : "commit");
    return result;
  }

  /** Runs `fn` in a transaction unless one is already open (then it joins it). */
  batch<T>(fn: () => T): T {
    return this.db.isTransaction ? fn() : this.transaction(fn);
  }
}
