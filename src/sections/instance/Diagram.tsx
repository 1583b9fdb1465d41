import { useEffect, useMemo, useRef } from 'react';
import type { Box, Size } from '../../core/geometry';
import { maskToGrid, pasteMask } from '../../core/instance/paste';
import { roiAlign, roiAlignGeometry, roiAlignSamplePoints, type FeatureMap } from '../../core/roi';
import type { CropMask } from '../../core/instance/rle';
import { useT } from '../../i18n/LangContext';
import { instanceTexts } from './texts';

export interface DiagramProps {
  readonly pixels: HTMLCanvasElement | HTMLVideoElement;
  readonly size: Size;
  readonly box: Box<'image'>;
  readonly mask: CropMask;
  readonly count: number;
  readonly title: string;
  /** The learned head's real 28×28 output (σ) for this box; without it the mask is shown resampled to 28×28. */
  readonly headProbs?: Float32Array | undefined;
  /** The real RoI Align 14×14×128 of the backbone features the head read (HWC). */
  readonly aligned?: Float32Array | undefined;
}

const BINS = 14;
const GRID = 28;
const VIEW = 168;

/** Which part of the image a box is, drawn into a square canvas (letterboxed): scale and offsets. */
function boxView(b: Box<'image'>): { s: number; ox: number; oy: number } {
  const w = b.x2 - b.x1, h = b.y2 - b.y1;
  const s = VIEW / Math.max(w, h, 1e-6);
  return { s, ox: (VIEW - w * s) / 2, oy: (VIEW - h * s) / 2 };
}

function intersectionOverUnion(a: CropMask, b: CropMask): number {
  const x0 = Math.min(a.x0, b.x0), y0 = Math.min(a.y0, b.y0);
  const x1 = Math.max(a.x0 + a.width, b.x0 + b.width), y1 = Math.max(a.y0 + a.height, b.y0 + b.height);
  let i = 0, u = 0;
  const at = (m: CropMask, x: number, y: number) => (x >= m.x0 && y >= m.y0 && x < m.x0 + m.width && y < m.y0 + m.height ? m.data[(y - m.y0) * m.width + (x - m.x0)]! : 0);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const p = at(a, x, y), q = at(b, x, y);
    if (p || q) u++;
    if (p && q) i++;
  }
  return u > 0 ? i / u : 1;
}

/** Mask R-CNN's five steps, each with the real data of the chosen instance. */
export function Diagram({ pixels, size, box: b, mask, count, title, headProbs, aligned }: DiagramProps) {
  const t = useT(instanceTexts);
  const roiRef = useRef<HTMLCanvasElement>(null);
  const alignRef = useRef<HTMLCanvasElement>(null);
  const gridRef = useRef<HTMLCanvasElement>(null);
  const featRef = useRef<HTMLCanvasElement>(null);
  const pasteRef = useRef<HTMLCanvasElement>(null);
  const grid = useMemo(() => headProbs ?? maskToGrid(mask, b, GRID), [headProbs, mask, b]);
  const pasted = useMemo(() => pasteMask(grid, GRID, GRID, b, size), [grid, b, size]);
  const keptIou = useMemo(() => intersectionOverUnion(mask, pasted), [mask, pasted]);

  useEffect(() => {
    const kx = (pixels instanceof HTMLVideoElement ? pixels.videoWidth : pixels.width) / size.width;
    const ky = (pixels instanceof HTMLVideoElement ? pixels.videoHeight : pixels.height) / size.height;
    const { s, ox, oy } = boxView(b);
    const w = b.x2 - b.x1, h = b.y2 - b.y1;
    const roi = roiRef.current?.getContext('2d');
    if (roi) {
      roi.clearRect(0, 0, VIEW, VIEW);
      roi.drawImage(pixels, b.x1 * kx, b.y1 * ky, w * kx, h * ky, ox, oy, w * s, h * s);
      // RoI Align (core/roi, torchvision conventions: aligned, 2×2 samples per bin) on the photo's RGB
      // at spatial scale 1: the real bins and sample points of this box, and the 14×14×3 it outputs.
      const pw = Math.round(w * kx) + 2, ph = Math.round(h * ky) + 2;
      const px0 = Math.max(0, Math.floor(b.x1 * kx) - 1), py0 = Math.max(0, Math.floor(b.y1 * ky) - 1);
      const tmp = document.createElement('canvas');
      tmp.width = pw;
      tmp.height = ph;
      const tctx = tmp.getContext('2d', { willReadFrequently: true });
      if (tctx) {
        tctx.drawImage(pixels, px0, py0, pw, ph, 0, 0, pw, ph);
        const rgba = tctx.getImageData(0, 0, pw, ph).data;
        const fm: FeatureMap = { data: new Float32Array(pw * ph * 3), height: ph, width: pw, channels: 3 };
        for (let i = 0; i < pw * ph; i++) for (let c = 0; c < 3; c++) fm.data[i * 3 + c] = rgba[i * 4 + c]!;
        const roiBox = { x1: b.x1 * kx - px0, y1: b.y1 * ky - py0, x2: b.x2 * kx - px0, y2: b.y2 * ky - py0 };
        const opts = { outputSize: BINS, spatialScale: 1, samplingRatio: 2, aligned: true } as const;
        const geo = roiAlignGeometry(roiBox, opts);
        // feature index coordinates → canvas: pixel index i has its centre at i + 0.5
        const toCx = (x: number) => ox + ((x + 0.5 + px0) / kx - b.x1) * s;
        const toCy = (y: number) => oy + ((y + 0.5 + py0) / ky - b.y1) * s;
        roi.strokeStyle = 'rgba(255,255,255,0.8)';
        roi.lineWidth = 1;
        for (let k = 0; k <= BINS; k++) {
          roi.beginPath();
          roi.moveTo(toCx(geo.startX + k * geo.binW), toCy(geo.startY));
          roi.lineTo(toCx(geo.startX + k * geo.binW), toCy(geo.startY + geo.roiH));
          roi.moveTo(toCx(geo.startX), toCy(geo.startY + k * geo.binH));
          roi.lineTo(toCx(geo.startX + geo.roiW), toCy(geo.startY + k * geo.binH));
          roi.stroke();
        }
        roi.fillStyle = '#ffd400';
        for (let r = 0; r < BINS; r++) for (let c = 0; c < BINS; c++) for (const pt of roiAlignSamplePoints(geo, r, c)) roi.fillRect(toCx(pt.x) - 1, toCy(pt.y) - 1, 2, 2);
        const out = roiAlign(fm, [roiBox], opts);
        const a = alignRef.current?.getContext('2d');
        if (a) {
          const cell = VIEW / BINS;
          for (let r = 0; r < BINS; r++) for (let c = 0; c < BINS; c++) {
            const q = (r * BINS + c) * 3;
            a.fillStyle = `rgb(${Math.round(out[q]!)},${Math.round(out[q + 1]!)},${Math.round(out[q + 2]!)})`;
            a.fillRect(c * cell, r * cell, Math.ceil(cell), Math.ceil(cell));
          }
        }
      }
    }
    const fc = featRef.current?.getContext('2d');
    if (fc && aligned) {
      // mean |feature| over the 128 channels per RoI Align bin, scaled to the brightest bin
      const ch = aligned.length / (BINS * BINS);
      const m = new Float32Array(BINS * BINS);
      let top = 1e-6;
      for (let k = 0; k < BINS * BINS; k++) {
        let a = 0;
        for (let c = 0; c < ch; c++) a += Math.abs(aligned[k * ch + c]!);
        m[k] = a / ch;
        top = Math.max(top, m[k]!);
      }
      const cell = VIEW / BINS;
      for (let k = 0; k < BINS * BINS; k++) {
        const v = Math.round((m[k]! / top) * 255);
        fc.fillStyle = `rgb(${v},${Math.round(v * 0.8)},${255 - v})`;
        fc.fillRect((k % BINS) * cell, Math.floor(k / BINS) * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    const g = gridRef.current?.getContext('2d');
    if (g) {
      const cell = VIEW / GRID;
      for (let r = 0; r < GRID; r++) for (let c = 0; c < GRID; c++) {
        const v = Math.round(grid[r * GRID + c]! * 255);
        g.fillStyle = `rgb(${v},${v},${v})`;
        g.fillRect(c * cell, r * cell, cell, cell);
      }
    }
    const p = pasteRef.current?.getContext('2d');
    if (p) {
      p.clearRect(0, 0, VIEW, VIEW);
      p.drawImage(pixels, b.x1 * kx, b.y1 * ky, w * kx, h * ky, ox, oy, w * s, h * s);
      p.fillStyle = 'rgba(0, 200, 255, 0.55)';
      const px = Math.max(s, 1);
      for (let y = 0; y < pasted.height; y++) for (let x = 0; x < pasted.width; x++) {
        if (pasted.data[y * pasted.width + x]) p.fillRect(ox + (pasted.x0 + x - b.x1) * s, oy + (pasted.y0 + y - b.y1) * s, px, px);
      }
    }
  }, [pixels, size, b, grid, pasted, aligned]);

  const w = b.x2 - b.x1, h = b.y2 - b.y1;
  return (
    <div className="mrcnn-diagram" data-testid="diagram">
      <p className="hint">{title}</p>
      <ol className="mrcnn-steps">
        <li>
          <h3>{t('stepBackbone')}</h3>
          <p>{t('stepBackboneText')}</p>
        </li>
        <li>
          <h3>{t('stepProposals')}</h3>
          <p>{t('stepProposalsText', { n: count })}</p>
        </li>
        <li>
          <h3>{t('stepRoi')}</h3>
          <canvas ref={roiRef} width={VIEW} height={VIEW} data-testid="diagram-roi" role="img" aria-label={t('stepRoi')} />
          <p>{t('stepRoiText', { bw: (w / BINS).toFixed(1), bh: (h / BINS).toFixed(1) })}</p>
          <canvas ref={alignRef} width={VIEW} height={VIEW} data-testid="diagram-align" role="img" aria-label={t('stepRoiOut')} />
          <p>{t('stepRoiOut')}</p>
          {aligned && (
            <>
              <canvas ref={featRef} width={VIEW} height={VIEW} data-testid="diagram-features" role="img" aria-label={t('alignFeat')} />
              <p>{t('alignFeat')}</p>
            </>
          )}
        </li>
        <li>
          <h3>{t('stepHeads')}</h3>
          <canvas ref={gridRef} width={VIEW} height={VIEW} data-testid="diagram-grid" role="img" aria-label={t('stepHeads')} />
          <p>{headProbs ? t('headOut') : t('stepHeadsText')}</p>
        </li>
        <li>
          <h3>{t('stepPaste')}</h3>
          <canvas ref={pasteRef} width={VIEW} height={VIEW} data-testid="diagram-paste" role="img" aria-label={t('stepPaste')} />
          <p>{t('stepPasteText', { w: Math.round(w), h: Math.round(h) })}</p>
          <p data-testid="grid-iou">{t('gridIou', { iou: keptIou.toFixed(3) })}</p>
        </li>
      </ol>
    </div>
  );
}
