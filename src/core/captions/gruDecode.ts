/**
 * The captioner's GRU decoder in plain TypeScript over Float32Arrays (the trained weights read back
 * from the network), so greedy and beam-search decoding are pure and every step's probabilities can
 * be shown. The training graph (src/models/captioner.ts) computes the same cell with tf ops; a test
 * checks the two agree.
 *
 * Cell (the "reset after" form of Keras / cuDNN / PyTorch):
 *   z = σ(x W_z + b_z + h U_z + c_z),  r = σ(x W_r + b_r + h U_r + c_r),
 *   n = tanh(x W_n + b_n + r ⊙ (h U_n + c_n)),  h' = (1 − z) ⊙ n + z ⊙ h,
 *   p(word) = softmax(h' W_o + b_o).
 * Weight matrices are row-major [in, out]; the three gates are concatenated z | r | n along out.
 */

export interface GruWeights {
  readonly vocab: number;
  readonly embed: number;
  readonly hidden: number;
  /** [vocab, embed] */
  readonly emb: Float32Array;
  /** [embed, 3·hidden], [3·hidden] */
  readonly wx: Float32Array;
  readonly bx: Float32Array;
  /** [hidden, 3·hidden], [3·hidden] */
  readonly uh: Float32Array;
  readonly bh: Float32Array;
  /** [hidden, vocab], [vocab] */
  readonly wo: Float32Array;
  readonly bo: Float32Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** y = x·W + b for row vector x [n] and W [n, m]. */
function affine(x: Float32Array, w: Float32Array, b: Float32Array, m: number, xOffset = 0, n = x.length - xOffset): Float64Array {
  const y = new Float64Array(m);
  for (let j = 0; j < m; j++) y[j] = b[j]!;
  for (let i = 0; i < n; i++) {
    const xi = x[xOffset + i]!;
    if (xi === 0) continue;
    const row = i * m;
    for (let j = 0; j < m; j++) y[j]! += xi * w[row + j]!;
  }
  return y;
}

export interface GruStep {
  readonly h: Float32Array;
  /** Softmax over the vocabulary. */
  readonly probs: Float64Array;
}

/** One decoder step from state `h` with input word `token`. */
export function gruStep(wts: GruWeights, h: Float32Array, token: number): GruStep {
  const H = wts.hidden;
  if (h.length !== H) throw new RangeError(`state has ${h.length} values, the decoder ${H}`);
  if (token < 0 || token >= wts.vocab) throw new RangeError(`token ${token} outside the vocabulary of ${wts.vocab}`);
  const gx = affine(wts.emb, wts.wx, wts.bx, 3 * H, token * wts.embed, wts.embed);
  const gh = affine(h, wts.uh, wts.bh, 3 * H);
  const next = new Float32Array(H);
  for (let j = 0; j < H; j++) {
    const z = sigmoid(gx[j]! + gh[j]!);
    const r = sigmoid(gx[H + j]! + gh[H + j]!);
    const n = Math.tanh(gx[2 * H + j]! + r * gh[2 * H + j]!);
    next[j] = (1 - z) * n + z * h[j]!;
  }
  const logits = affine(next, wts.wo, wts.bo, wts.vocab);
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  const probs = new Float64Array(wts.vocab);
  for (let k = 0; k < wts.vocab; k++) sum += probs[k] = Math.exp(logits[k]! - max);
  for (let k = 0; k < wts.vocab; k++) probs[k]! /= sum;
  return { h: next, probs };
}

export interface WordProb {
  readonly id: number;
  readonly p: number;
}

/** The k most probable words (ties: lower id first). */
export function topK(probs: ArrayLike<number>, k: number): WordProb[] {
  const all: WordProb[] = [];
  for (let i = 0; i < probs.length; i++) all.push({ id: i, p: probs[i]! });
  all.sort((a, b) => b.p - a.p || a.id - b.id);
  return all.slice(0, k);
}

export interface GreedyStep {
  /** The chosen word (argmax) and its probability. */
  readonly id: number;
  readonly p: number;
  readonly top: readonly WordProb[];
}

export interface DecodeOptions {
  readonly bos: number;
  readonly eos: number;
  readonly maxLen: number;
  /** How many alternatives to keep per step for display. */
  readonly topK: number;
}

/** Greedy decoding: the most probable word at each step until <end> or maxLen. */
export function greedyDecode(wts: GruWeights, h0: Float32Array, opts: DecodeOptions): { tokens: number[]; steps: GreedyStep[]; logProb: number } {
  let h = h0;
  let prev = opts.bos;
  const tokens: number[] = [];
  const steps: GreedyStep[] = [];
  let logProb = 0;
  for (let t = 0; t < opts.maxLen; t++) {
    const s = gruStep(wts, h, prev);
    const top = topK(s.probs, Math.max(1, opts.topK));
    const best = top[0]!;
    steps.push({ id: best.id, p: best.p, top });
    logProb += Math.log(best.p);
    tokens.push(best.id);
    h = s.h;
    prev = best.id;
    if (best.id === opts.eos) break;
  }
  return { tokens, steps, logProb };
}

export interface Beam {
  readonly tokens: readonly number[];
  /** Sum of log-probabilities of the tokens. */
  readonly logProb: number;
  readonly done: boolean;
}

export interface BeamStep {
  /** The beams entering this step (after pruning of the previous one). */
  readonly beams: readonly Beam[];
  /** For each unfinished beam (same order), its most probable next words. */
  readonly next: readonly (readonly WordProb[] | null)[];
}

/**
 * Beam search of width `width`: at each step every unfinished beam is extended by every word, and
 * the `width` best sequences by total log-probability are kept (finished ones compete unchanged).
 * Stops when all kept beams have ended or at maxLen. Returns the best beam and the trace.
 */
export function beamDecode(
  wts: GruWeights,
  h0: Float32Array,
  width: number,
  opts: DecodeOptions,
): { best: Beam; beams: Beam[]; steps: BeamStep[] } {
  if (!(width >= 1)) throw new RangeError('beam width must be ≥ 1');
  interface Live extends Beam {
    readonly h: Float32Array;
  }
  let beams: Live[] = [{ tokens: [], logProb: 0, done: false, h: h0 }];
  const steps: BeamStep[] = [];
  for (let t = 0; t < opts.maxLen && beams.some((b) => !b.done); t++) {
    const cands: Live[] = [];
    const next: (WordProb[] | null)[] = [];
    for (const b of beams) {
      if (b.done) {
        cands.push(b);
        next.push(null);
        continue;
      }
      const s = gruStep(wts, b.h, b.tokens.length ? b.tokens[b.tokens.length - 1]! : opts.bos);
      next.push(topK(s.probs, Math.max(1, opts.topK)));
      for (let k = 0; k < wts.vocab; k++) {
        cands.push({ tokens: [...b.tokens, k], logProb: b.logProb + Math.log(s.probs[k]!), done: k === opts.eos, h: s.h });
      }
    }
    steps.push({ beams: beams.map(({ tokens, logProb, done }) => ({ tokens, logProb, done })), next });
    cands.sort((a, b) => b.logProb - a.logProb || cmpTokens(a.tokens, b.tokens));
    beams = cands.slice(0, width);
  }
  const out = beams.map(({ tokens, logProb, done }) => ({ tokens, logProb, done }));
  return { best: out[0]!, beams: out, steps };
}

function cmpTokens(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
