/**
 * Which permission targets (sources, warehouses, functions, spaces, label sets) this process has
 * published as resources, so that a grant is only emitted on an entitlement that exists: a permission
 * that still names a deleted source must not fail the whole sync with a dangling grant. Only ids are
 * kept. A type is "known" only when this process listed it from its first page to its last; a listing
 * resumed mid-way (after a crash, in a new process) saw only part of the ids, so the type stays
 * "unknown" and its targets are trusted.
 */
export class PublishedTargets {
  private readonly ids = new Map<string, Set<string>>();
  private readonly started = new Set<string>();
  private readonly complete = new Set<string>();

  /** A listing of `type` starts at its first page: forget what an earlier listing saw. */
  begin(type: string): void {
    this.ids.set(type, new Set());
    this.started.add(type);
    this.complete.delete(type);
  }

  add(type: string, id: string): void {
    let set = this.ids.get(type);
    if (!set) {
      set = new Set();
      this.ids.set(type, set);
    }
    set.add(id);
  }

  /** The listing of `type` reached its last page; it counts only if it also started here. */
  finish(type: string): void {
    if (this.started.has(type)) this.complete.add(type);
  }

  /** True or false when the type was fully listed in this process; undefined otherwise. */
  has(type: string, id: string): boolean | undefined {
    if (!this.complete.has(type)) return undefined;
    return this.ids.get(type)?.has(id) ?? false;
  }
}
