import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { C1zFile, type ExpandedCacheOptions } from "@baton-ts/c1z";
import { Lookups } from "../model/lookups.js";
import { BatonCliError } from "./errors.js";
import { type BatonIo, Out, terminalWidth } from "./io.js";

/** The options every subcommand takes (Go's persistent flags, plus the cache). */
export interface GlobalOptions {
  file: string;
  outputFormat: string;
  /** false with --no-cache (or BATON_NO_CACHE=1). */
  cache: boolean;
  cacheDir?: string;
}

/** One command's run: its output, its options and, once opened, the file and the sync it reads. */
export class CommandContext {
  readonly out: Out;
  readonly err: Out;
  #warned = new Set<string>();

  constructor(
    readonly io: BatonIo,
    readonly options: GlobalOptions,
  ) {
    this.out = new Out(io.stdout);
    this.err = new Out(io.stderr);
    if (options.outputFormat !== "console" && options.outputFormat !== "json") {
      throw new BatonCliError(`unknown output format "${options.outputFormat}": use -o console or -o json`);
    }
  }

  get json(): boolean {
    return this.options.outputFormat === "json";
  }

  get width(): number | undefined {
    return terminalWidth(this.io);
  }

  /**
   * The expanded-file cache (see the README): on by default, under $BATON_CACHE_DIR, else
   * $XDG_CACHE_HOME/baton-ts, else ~/.cache/baton-ts; off with --no-cache or BATON_NO_CACHE=1.
   */
  cacheOptions(): ExpandedCacheOptions | undefined {
    const env = this.io.env;
    if (!this.options.cache || ["1", "true", "yes"].includes((env.BATON_NO_CACHE ?? "").toLowerCase())) {
      return undefined;
    }
    const dir =
      this.options.cacheDir ??
      env.BATON_CACHE_DIR ??
      join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "baton-ts");
    return { dir };
  }

  /** Opens a c1z read-only (through the cache unless it is off). */
  async openFile(path: string = this.options.file): Promise<C1zFile> {
    if (!existsSync(path)) {
      throw new BatonCliError(`${path}: no such file (pass the c1z with -f/--file; the default is sync.c1z)`);
    }
    const cache = this.cacheOptions();
    return C1zFile.open(path, { readOnly: true, env: this.io.env, ...(cache ? { cache } : {}) });
  }

  /**
   * The sync a read uses: --sync-id when given (it must exist), else the latest finished sync, else the
   * latest unfinished one, as Baton's readers choose.
   */
  selectSync(file: C1zFile, syncId: string | undefined): string {
    if (syncId !== undefined && syncId !== "") {
      if (!file.listSyncs().some((run) => run.id === syncId)) {
        throw new BatonCliError(
          `no sync "${syncId}" in ${file.path}: "baton syncs" lists the syncs it holds`,
        );
      }
      return syncId;
    }
    const chosen = file.readerSyncId();
    if (chosen === undefined) throw new BatonCliError(`${file.path} holds no sync yet`);
    return chosen;
  }

  /** Opens the file and its sync, runs `fn`, and closes the file whatever happens. */
  async withSync<T>(
    syncId: string | undefined,
    fn: (read: { file: C1zFile; syncId: string; lookups: Lookups }) => Promise<T>,
  ): Promise<T> {
    const file = await this.openFile();
    try {
      const sync = this.selectSync(file, syncId);
      return await fn({ file, syncId: sync, lookups: new Lookups(file, sync) });
    } finally {
      file.close();
    }
  }

  /** Says once per type on stderr that an annotation of that type was left out of the JSON. */
  readonly unknownAnnotation = (typeUrl: string): void => {
    if (this.#warned.has(typeUrl)) return;
    this.#warned.add(typeUrl);
    this.io.stderr.write(
      `baton: note: annotations of type ${typeUrl} are not known to this version and are left out of the output\n`,
    );
  };
}
