import type { ExpansionEdge } from "./sync-state.js";

/** Edges expanded together: every edge into one strongly connected component of the entitlement graph. */
export interface ExpansionGroup {
  /** Indexes into the (sorted) edge list. */
  readonly edges: readonly number[];
  /** A cycle: the group is swept until nothing changes (a fixpoint), instead of once. */
  readonly cyclic: boolean;
}

/** Merges two GrantExpandable edges S → D order-independently, so a concurrent sync is deterministic. */
export const mergeEdges = (a: ExpansionEdge, b: ExpansionEdge): ExpansionEdge => {
  // Deep wins over shallow; "all principal types" (empty) wins over a filter; filters unite.
  const types = a[3].length === 0 || b[3].length === 0 ? [] : [...new Set([...a[3], ...b[3]])].sort();
  return [a[0], a[1], a[2] && b[2], types];
};

export const compareEdges = (a: ExpansionEdge, b: ExpansionEdge): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * Orders expansion so that an entitlement's holders are complete before they propagate: strongly
 * connected components (Tarjan, iterative so deep chains cannot overflow the stack) in topological
 * order, each with the edges that lead into it. Cycles are not an error: a cyclic component is swept
 * until it reaches its fixpoint, which is what merging the component into one node achieves in Baton.
 */
export const planExpansion = (edges: readonly ExpansionEdge[]): ExpansionGroup[] => {
  const nodes = new Map<string, number>();
  const nodeOf = (id: string): number => {
    let n = nodes.get(id);
    if (n === undefined) {
      n = nodes.size;
      nodes.set(id, n);
    }
    return n;
  };
  const out: number[][] = [];
  for (const [source, descendant] of edges) {
    const s = nodeOf(source);
    const d = nodeOf(descendant);
    while (out.length < nodes.size) out.push([]);
    out[s]?.push(d);
  }
  while (out.length < nodes.size) out.push([]);

  const count = nodes.size;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const component = new Array<number>(count).fill(-1);
  const componentSizes: number[] = [];
  let nextIndex = 0;

  for (let root = 0; root < count; root += 1) {
    if (index[root] !== -1) continue;
    const work: [node: number, child: number][] = [[root, 0]];
    index[root] = low[root] = nextIndex++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [v, i] = frame;
      const successors = out[v] as number[];
      if (i < successors.length) {
        frame[1] = i + 1;
        const w = successors[i] as number;
        if (index[w] === -1) {
          index[w] = low[w] = nextIndex++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] as number, index[w] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === index[v]) {
        const id = componentSizes.length;
        let size = 0;
        for (;;) {
          const w = stack.pop() as number;
          onStack[w] = false;
          component[w] = id;
          size += 1;
          if (w === v) break;
        }
        componentSizes.push(size);
      }
    }
  }

  // Tarjan emits components in reverse topological order: the last one found has no predecessors.
  const groups = componentSizes.map(() => [] as number[]);
  edges.forEach(([, descendant], edgeIndex) => {
    groups[component[nodeOf(descendant)] as number]?.push(edgeIndex);
  });
  const ordered: ExpansionGroup[] = [];
  for (let c = componentSizes.length - 1; c >= 0; c -= 1) {
    const groupEdges = groups[c] as number[];
    if (groupEdges.length === 0) continue;
    ordered.push({ edges: groupEdges, cyclic: (componentSizes[c] as number) > 1 });
  }
  return ordered;
};
