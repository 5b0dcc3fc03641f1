/**
 * Which permission targets (sources, warehouses, functions, spaces, label sets) this process has
 * published as resources, so that a grant is only emitted on an entitlement that exists: a permission
 * that still names a deleted source must not fail the whole sync with a dangling grant. Only ids are
 * kept. A type whose listing did not finish in this process (a resumed sync) is "unknown" and trusted.
 */
export class PublishedTargets {
  private readonly ids = new Map<string, Set<string>>();
  private readonly complete = new Set<string>();

  add(type: string, id: string): void {
    let set = this.ids.get(type);
    if (!set) {
      set = new Set();
      this.ids.set(type, set);
    }
    set.add(id);
  }

  markComplete(type: string): void {
    this.complete.add(type);
  }

  /** True or false when the type was fully listed in this process; undefined otherwise. */
  has(type: string, id: string): boolean | undefined {
    if (!this.complete.has(type)) return undefined;
    return this.ids.get(type)?.has(id) ?? false;
  }
}
