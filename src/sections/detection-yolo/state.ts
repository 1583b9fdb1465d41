import { num, oneOf, type Schema } from '../../core/urlState';

export interface YoloPageState {
  readonly src: 'synth' | 'photo';
  readonly img: number;
  readonly row: number;
  readonly col: number;
  readonly thr: number;
  readonly iou: number;
  readonly ds: 'synth' | 'coco' | 'import';
  readonly k: number;
  readonly cx: number;
  readonly cy: number;
  readonly pw: number;
  readonly ph: number;
  readonly tx: number;
  readonly ty: number;
  readonly tw: number;
  readonly th: number;
  readonly a1: number;
  readonly a2: number;
  readonly a3: number;
  readonly lam: number;
  readonly ltx: number;
  readonly ltw: number;
  readonly lto: number;
  readonly lbg: number;
  readonly lcls: number;
  readonly lr: number;
}

/** Every control of the page lives in the URL: `#/detection/yolo?img=3&row=2&col=5&k=5`. */
export const SCHEMA: Schema<YoloPageState> = {
  src: oneOf(['synth', 'photo'] as const, 'synth'),
  img: num(0, 0, 299, true),
  row: num(-1, -1, 7, true),
  col: num(-1, -1, 7, true),
  thr: num(0.3, 0.01, 1),
  iou: num(0.45, 0.05, 1),
  ds: oneOf(['synth', 'coco', 'import'] as const, 'synth'),
  k: num(3, 1, 9, true),
  cx: num(3, 0, 7, true),
  cy: num(2, 0, 7, true),
  pw: num(2, 0.25, 6),
  ph: num(1.5, 0.25, 6),
  tx: num(0, -5, 5),
  ty: num(0, -5, 5),
  tw: num(0, -2, 2),
  th: num(0, -2, 2),
  a1: num(1, 0, 5),
  a2: num(1, 0, 5),
  a3: num(1, 0, 5),
  lam: num(0.5, 0, 1),
  ltx: num(0.5, -5, 5),
  ltw: num(0.2, -2, 2),
  lto: num(1, -6, 6),
  lbg: num(-3, -6, 6),
  lcls: num(1, -5, 5),
  lr: num(0.002, 0.0001, 0.01),
};

export type SetState = (patch: Partial<YoloPageState>) => void;
