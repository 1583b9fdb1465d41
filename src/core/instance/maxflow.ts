/**
 * Max-flow / min-cut on a graph with terminal links (Dinic's algorithm, typed arrays, no recursion).
 * Nodes 0..n−1 plus the source S = n and the sink T = n + 1. GrabCut uses it on the pixel grid:
 * after `maxflow()`, `sourceSide()` marks the nodes still reachable from S in the residual graph
 * (the foreground of the minimum cut).
 */
export class FlowGraph {
  private readonly to: Int32Array;
  private readonly cap: Float64Array;
  private readonly next: Int32Array;
  private readonly head: Int32Array;
  private edges = 0;
  private readonly level: Int32Array;
  private readonly iter: Int32Array;
  readonly S: number;
  readonly T: number;
  /** Flow pushed directly through S → i → T when terminal links are added. */
  private direct = 0;

  constructor(readonly n: number, maxEdges: number) {
    const N = n + 2;
    this.S = n;
    this.T = n + 1;
    // each added edge creates a forward and a reverse arc; terminal links: 2 per node at most
    const arcs = 2 * (maxEdges + 2 * n);
    this.to = new Int32Array(arcs);
    this.cap = new Float64Array(arcs);
    this.next = new Int32Array(arcs);
    this.head = new Int32Array(N).fill(-1);
    this.level = new Int32Array(N);
    this.iter = new Int32Array(N);
  }

  private arc(u: number, v: number, c: number, rc: number): void {
    const e = this.edges;
    if (e + 2 > this.to.length) throw new Error('FlowGraph: more edges than reserved');
    this.to[e] = v; this.cap[e] = c; this.next[e] = this.head[u]!; this.head[u] = e;
    this.to[e + 1] = u; this.cap[e + 1] = rc; this.next[e + 1] = this.head[v]!; this.head[v] = e + 1;
    this.edges = e + 2;
  }

  /** Undirected-capable edge between two nodes: capacity `c` from i to j and `rc` back. */
  addEdge(i: number, j: number, c: number, rc = c): void {
    this.arc(i, j, c, rc);
  }

  /**
   * Terminal links: capacity `toSource` on S → i and `toSink` on i → T. The common part is pushed at
   * once (it crosses every cut), which leaves at most one terminal arc per node.
   */
  addTerminal(i: number, toSource: number, toSink: number): void {
    const m = Math.min(toSource, toSink);
    this.direct += m;
    if (toSource - m > 0) this.arc(this.S, i, toSource - m, 0);
    if (toSink - m > 0) this.arc(i, this.T, toSink - m, 0);
  }

  private bfs(): boolean {
    const { level, head, next, to, cap } = this;
    level.fill(-1);
    const queue = new Int32Array(this.n + 2);
    let qh = 0, qt = 0;
    queue[qt++] = this.S;
    level[this.S] = 0;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (cap[e]! > 0 && level[v]! < 0) {
          level[v] = level[u]! + 1;
          queue[qt++] = v;
        }
      }
    }
    return level[this.T]! >= 0;
  }

  /** One blocking flow along level-increasing paths (iterative DFS with a stack of arcs). */
  private blockingFlow(): number {
    const { level, iter, next, to, cap } = this;
    const N = this.n + 2;
    const pathArcs = new Int32Array(N);
    let total = 0;
    let depth = 0;
    let u = this.S;
    for (;;) {
      if (u === this.T) {
        let f = Infinity;
        for (let k = 0; k < depth; k++) f = Math.min(f, cap[pathArcs[k]!]!);
        let cut = depth;
        for (let k = depth - 1; k >= 0; k--) {
          const e = pathArcs[k]!;
          cap[e] = cap[e]! - f;
          cap[e ^ 1] = cap[e ^ 1]! + f;
          if (cap[e]! <= 0) cut = k;
        }
        total += f;
        depth = cut;
        u = depth === 0 ? this.S : to[pathArcs[depth - 1]!]!;
        continue;
      }
      let e = iter[u]!;
      for (; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (cap[e]! > 0 && level[v] === level[u]! + 1) break;
      }
      iter[u] = e;
      if (e !== -1) {
        pathArcs[depth++] = e;
        u = to[e]!;
      } else {
        if (u === this.S) break;
        level[u] = -1; // dead end
        depth--;
        const back = pathArcs[depth]!;
        u = to[back ^ 1]!;
        iter[u] = next[iter[u]!]!;
      }
    }
    return total;
  }

  /** Runs to completion; returns the maximum flow value (= the minimum cut's capacity). */
  maxflow(): number {
    let flow = this.direct;
    while (this.bfs()) {
      this.iter.set(this.head);
      flow += this.blockingFlow();
    }
    return flow;
  }

  /** 1 for nodes on the source side of the minimum cut (reachable from S in the residual graph). */
  sourceSide(): Uint8Array {
    const { head, next, to, cap } = this;
    const seen = new Uint8Array(this.n + 2);
    const stack = [this.S];
    seen[this.S] = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (cap[e]! > 0 && !seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return seen.subarray(0, this.n);
  }
}
