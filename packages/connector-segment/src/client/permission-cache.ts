import type { Permission } from "./schemas/permission.js";

/**
 * Permissions that a list page carried, kept until the subject's `grants()` reads them once, so a
 * workspace whose lists include permissions costs no detail call per user. Bounded: beyond `capacity`
 * entries nothing more is kept and those subjects are read with one detail call instead. A resumed
 * sync (new process) starts empty and likewise falls back to detail calls. Entries are only ever
 * written from responses of the current sync's listing phase, which covers every user and group
 * before any grant is read, so a client reused across syncs never serves an older sync's data.
 */
export class PermissionCache {
  private readonly entries = new Map<string, readonly Permission[]>();

  constructor(private readonly capacity: number) {}

  remember(subject: "user" | "group", id: string, permissions: readonly Permission[]): void {
    const key = `${subject}:${id}`;
    if (this.entries.size >= this.capacity && !this.entries.has(key)) return;
    this.entries.set(key, permissions);
  }

  /** The permissions, removed from the cache (each subject's grants are read once per sync). */
  take(subject: "user" | "group", id: string): readonly Permission[] | undefined {
    const key = `${subject}:${id}`;
    const permissions = this.entries.get(key);
    if (permissions !== undefined) this.entries.delete(key);
    return permissions;
  }

  get size(): number {
    return this.entries.size;
  }
}
