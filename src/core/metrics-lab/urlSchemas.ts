/** The metrics lab's controls in the URL (see core/urlState): one schema per section of the page. */
import { bool, num, type Schema } from '../urlState';

/** The IoU playground works in its own board of BOARD.width × BOARD.height "pixels". */
export const BOARD = { width: 480, height: 320 } as const;

export interface PlaygroundState {
  /** Ground truth box. */
  readonly gx: number;
  readonly gy: number;
  readonly gw: number;
  readonly gh: number;
  /** Prediction box. */
  readonly px: number;
  readonly py: number;
  readonly pw: number;
  readonly ph: number;
  /** "Correct" threshold on IoU. */
  readonly t: number;
}

export const PLAYGROUND_SCHEMA: Schema<PlaygroundState> = {
  gx: num(100, 0, BOARD.width - 1, true),
  gy: num(70, 0, BOARD.height - 1, true),
  gw: num(180, 1, BOARD.width, true),
  gh: num(160, 1, BOARD.height, true),
  px: num(130, 0, BOARD.width - 1, true),
  py: num(90, 0, BOARD.height - 1, true),
  pw: num(180, 1, BOARD.width, true),
  ph: num(160, 1, BOARD.height, true),
  t: num(0.5, 0.05, 0.95),
};

/** Keeps boxes from the URL on the board (a hand-edited link may say gx=470&gw=200). */
export function fitPlayground(s: PlaygroundState): PlaygroundState {
  const fit = (x: number, w: number, max: number): [number, number] => {
    const ww = Math.min(w, max);
    return [Math.min(x, max - ww), ww];
  };
  const [gx, gw] = fit(s.gx, s.gw, BOARD.width);
  const [gy, gh] = fit(s.gy, s.gh, BOARD.height);
  const [px, pw] = fit(s.px, s.pw, BOARD.width);
  const [py, ph] = fit(s.py, s.ph, BOARD.height);
  return { gx, gy, gw, gh, px, py, pw, ph, t: s.t };
}

export interface PhotoState {
  /** IoU threshold that makes a detection a true positive. */
  readonly iou: number;
  /** Display / operating score threshold: which detections are drawn and counted in P and R. */
  readonly score: number;
  /** Score threshold of the detections the metrics see (low, for a full PR curve). */
  readonly minscore: number;
  /** NMS IoU threshold. */
  readonly nms: number;
  readonly agnostic: boolean;
  /** Class shown in the PR curve and the table (COCO id; 0 = the first class with ground truth). */
  readonly cls: number;
}

export const PHOTO_SCHEMA: Schema<PhotoState> = {
  iou: num(0.5, 0.05, 0.95),
  score: num(0.5, 0.01, 1),
  minscore: num(0.05, 0.01, 0.5),
  nms: num(0.5, 0.1, 1),
  agnostic: bool(false),
  cls: num(0, 0, 90, true),
};
