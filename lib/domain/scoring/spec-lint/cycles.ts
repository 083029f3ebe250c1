// Reachability between the targets of a document's `$ref`s, for the resolver's cycle test (a ref is
// left unresolved when its target reaches, through refs, a target containing it): strongly connected
// components (iterative Tarjan) and, below MAX_BITSET_TARGETS targets, a bitset closure per component.

/** Above this many distinct ref targets, cycles are judged by strongly connected components alone (no bitsets). */
const MAX_BITSET_TARGETS = 16_384;

/** Reachability between targets: bitsets over strongly connected components, or SCC membership for huge graphs. */
export function buildReachability(edges: Set<number>[]): (from: number, to: number) => boolean {
  const n = edges.length;
  const comp = tarjan(edges);
  const compCount = comp.reduce((m, c) => Math.max(m, c + 1), 0);
  const compEdges: Set<number>[] = Array.from({ length: compCount }, () => new Set<number>());
  const selfLoop = new Uint8Array(compCount);
  const size = new Uint32Array(compCount);
  for (let v = 0; v < n; v++) {
    size[comp[v]]++;
    for (const w of edges[v]) {
      if (comp[v] === comp[w]) selfLoop[comp[v]] = 1;
      else compEdges[comp[v]].add(comp[w]);
    }
  }
  const cyclic = (c: number) => size[c] > 1 || selfLoop[c] === 1;
  if (n > MAX_BITSET_TARGETS) {
    return (from, to) => comp[from] === comp[to] && cyclic(comp[from]);
  }
  // Tarjan numbers components in reverse topological order: successors come first.
  const words = Math.ceil(n / 32);
  const members: number[][] = Array.from({ length: compCount }, () => []);
  for (let v = 0; v < n; v++) members[comp[v]].push(v);
  const reach: Uint32Array[] = new Array(compCount);
  for (let c = 0; c < compCount; c++) {
    const bits = new Uint32Array(words);
    for (const d of compEdges[c]) {
      const other = reach[d];
      for (let i = 0; i < words; i++) bits[i] |= other[i];
      for (const v of members[d]) bits[v >>> 5] |= 1 << (v & 31);
    }
    if (cyclic(c)) for (const v of members[c]) bits[v >>> 5] |= 1 << (v & 31);
    reach[c] = bits;
  }
  return (from, to) => (reach[comp[from]][to >>> 5] & (1 << (to & 31))) !== 0;
}

/** Iterative Tarjan: component index per vertex, components numbered in reverse topological order. */
function tarjan(edges: Set<number>[]): number[] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp: number[] = new Array(n).fill(-1);
  const stack: number[] = [];
  let counter = 0;
  let compCount = 0;
  const succ = edges.map((s) => [...s]);
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    const work: { v: number; i: number }[] = [{ v: s, i: 0 }];
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1];
      const list = succ[top.v];
      if (top.i < list.length) {
        const w = list[top.i++];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, i: 0 });
        } else if (onStack[w]) low[top.v] = Math.min(low[top.v], index[w]);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low[parent] = Math.min(low[parent], low[top.v]);
      }
      if (low[top.v] === index[top.v]) {
        for (;;) {
          const w = stack.pop();
          if (w === undefined) break;
          onStack[w] = 0;
          comp[w] = compCount;
          if (w === top.v) break;
        }
        compCount++;
      }
    }
  }
  return comp;
}
