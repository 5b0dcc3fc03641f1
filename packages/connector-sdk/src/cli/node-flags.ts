/**
 * The V8 flags every program starts Node with (a product decision, see docs/running.md "Memory"). With
 * Node's defaults the old generation may grow to several times its live size between full collections,
 * and the young generation is sized for throughput on a big machine, so a sync whose live heap is ~30-40 MB
 * peaked at 350-450 MB resident. A 16 MB semi-space and 50% heap growth keep it under 300 MB for about 10%
 * more CPU. Neither flag caps the heap: a big tenant still gets all the memory it needs.
 *
 * A program's bin carries them in its first line (`#!/usr/bin/env -S node <flags>`); the root scripts,
 * benchmarks and images pass the same ones (checked by tests).
 */
export const PROGRAM_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=16",
  "--heap-growing-percent=50",
];

/** The first line of a program's bin. */
export const PROGRAM_SHEBANG = `#!/usr/bin/env -S node ${PROGRAM_NODE_FLAGS.join(" ")}`;
