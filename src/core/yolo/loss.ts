/**
 * The YOLOv2/v3-style loss on plain arrays — the reference the TensorFlow.js loss is tested against,
 * and what the page computes on hand-made grids.
 *
 *   L = α1·L_conf + α2·L_loc + α3·L_cls, every sum divided by the number of images N:
 *
 *   L_conf = Σ_{obj} BCE(σ(t_o), 1) + λ_noobj · Σ_{noobj} BCE(σ(t_o), 0)
 *   L_loc  = Σ_{obj} (σ(t_x) − g_x)² + (σ(t_y) − g_y)² + (t_w − g_w)² + (t_h − g_h)²
 *   L_cls  = Σ_{obj} −ln softmax(logits)_{class}
 *
 * Localization choice (documented): squared error on the *parametrisation* — the centre offsets after σ
 * (what σ(t_x), σ(t_y) must equal: b_x − c_x) and the log-size corrections t_w, t_h (target
 * ln(b_w / p_w)) — as YOLOv2/v3 do. On the log scale a 10 % error costs the same for a small and a big
 * box, which squared error on b_w, b_h would not give.
 *
 * BCE is computed from the logit, stably: BCE(σ(x), 1) = softplus(−x), BCE(σ(x), 0) = softplus(x).
 */
import { sigmoid } from './encoding';

export interface LossWeights {
  readonly alphaConf: number;
  readonly alphaLoc: number;
  readonly alphaCls: number;
  /** Weight of the no-object confidence term (YOLO's λ_noobj < 1: most priors see background). */
  readonly lambdaNoobj: number;
}

export const DEFAULT_LOSS_WEIGHTS: LossWeights = { alphaConf: 1, alphaLoc: 1, alphaCls: 1, lambdaNoobj: 0.5 };

export interface LossTerms {
  /** Confidence term on responsible priors (objects). */
  readonly confObj: number;
  /** Confidence term on the other priors, already multiplied by λ_noobj. */
  readonly confNoobj: number;
  readonly conf: number;
  readonly loc: number;
  readonly cls: number;
  /** α1·conf + α2·loc + α3·cls. */
  readonly total: number;
}

export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * @param raw  N·S·S·B·(5+C) raw outputs (t_x, t_y, t_w, t_h, t_o, logits…)
 * @param obj  N·S·S·B object mask (1 = responsible prior)
 * @param loc  N·S·S·B·4 targets (g_x, g_y, g_w, g_h)
 * @param cls  N·S·S·B·C one-hot classes
 */
export function yoloLoss(
  raw: ArrayLike<number>,
  obj: ArrayLike<number>,
  loc: ArrayLike<number>,
  cls: ArrayLike<number>,
  numClasses: number,
  numImages: number,
  w: LossWeights = DEFAULT_LOSS_WEIGHTS,
): LossTerms {
  const C = numClasses;
  const D = 5 + C;
  const n = obj.length;
  if (raw.length !== n * D || loc.length !== n * 4 || cls.length !== n * C) {
    throw new RangeError(`yoloLoss: shapes disagree (raw ${raw.length}, obj ${n}, loc ${loc.length}, cls ${cls.length}, C ${C})`);
  }
  let confObj = 0;
  let confNoobj = 0;
  let lossLoc = 0;
  let lossCls = 0;
  for (let r = 0; r < n; r++) {
    const o = r * D;
    const m = obj[r]!;
    const to = raw[o + 4]!;
    confObj += m * softplus(-to);
    confNoobj += (1 - m) * softplus(to);
    if (m === 0) continue;
    lossLoc += m * (
      (sigmoid(raw[o]!) - loc[4 * r]!) ** 2
      + (sigmoid(raw[o + 1]!) - loc[4 * r + 1]!) ** 2
      + (raw[o + 2]! - loc[4 * r + 2]!) ** 2
      + (raw[o + 3]! - loc[4 * r + 3]!) ** 2
    );
    let mx = -Infinity;
    for (let c = 0; c < C; c++) mx = Math.max(mx, raw[o + 5 + c]!);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(raw[o + 5 + c]! - mx);
    const lse = mx + Math.log(z);
    for (let c = 0; c < C; c++) lossCls += m * cls[r * C + c]! * (lse - raw[o + 5 + c]!);
  }
  const N = Math.max(1, numImages);
  confObj /= N;
  confNoobj = (w.lambdaNoobj * confNoobj) / N;
  lossLoc /= N;
  lossCls /= N;
  const conf = confObj + confNoobj;
  return { confObj, confNoobj, conf, loc: lossLoc, cls: lossCls, total: w.alphaConf * conf + w.alphaLoc * lossLoc + w.alphaCls * lossCls };
}
