/** One evaluated image: TP (green), FP (red), FN (orange, dashed) at IoU 0.5, with a table of the same. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { imageFromXYWH } from '../../../core/coords';
import type { Detection, GroundTruth } from '../../../core/eval';
import { useLang, useT } from '../../../i18n/LangContext';
import { cocoLabel } from '../../../i18n/cocoNames';
import { drawFrame, type DrawnBox } from '../../../ui/drawDetections';
import { fitPainter } from '../../../ui/painter';
import { countImage, type ImageExplained } from '../../../core/dataset-eval/evaluation';
import { datasetTexts } from './texts';

const TP = '#16a34a';
const FP = '#dc2626';
const FN = '#f97316';
const MAX_W = 900;
const MAX_H = 640;

interface Row {
  readonly kind: 'tp' | 'fp' | 'fn';
  readonly categoryId: number;
  readonly score: number | null;
  readonly iou: number | null;
  readonly bbox: readonly [number, number, number, number];
}

export function ImageView({ image, file, name, gt, dets, minScore, onClose }: {
  readonly image: ImageExplained;
  readonly file: Blob;
  readonly name: string;
  readonly gt: GroundTruth;
  readonly dets: readonly Detection[];
  readonly minScore: number;
  readonly onClose: () => void;
}) {
  const t = useT(datasetTexts);
  const lang = useLang();
  const canvas = useRef<HTMLCanvasElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // bring the view to the reader when another image is opened
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus({ preventScroll: true });
  }, [image.imageId]);
  const [bitmap, setBitmap] = useState<{ file: Blob; bmp: ImageBitmap } | null>(null);
  const [failed, setFailed] = useState<Blob | null>(null);

  useEffect(() => {
    let live = true;
    let bmp: ImageBitmap | null = null;
    createImageBitmap(file, { imageOrientation: 'from-image' }).then(
      (b) => {
        bmp = b;
        if (live) setBitmap({ file, bmp: b });
        else b.close();
      },
      () => live && setFailed(file),
    );
    return () => {
      live = false;
      bmp?.close();
    };
  }, [file]);

  const rows = useMemo((): Row[] => {
    const scores = Float64Array.from(dets, (d) => d.score);
    const counts = countImage(image, scores, minScore);
    const out: Row[] = [];
    for (const d of image.dets) {
      const det = dets[d.det];
      if (!det?.bbox || det.score < minScore || (d.status !== 'tp' && d.status !== 'fp')) continue;
      out.push({ kind: d.status, categoryId: det.categoryId, score: det.score, iou: d.iou, bbox: det.bbox });
    }
    for (const g of image.gts) {
      const a = gt.annotations[g];
      if (!a?.bbox || counts.matchedGts.has(g)) continue;
      out.push({ kind: 'fn', categoryId: a.categoryId, score: null, iou: null, bbox: a.bbox });
    }
    return out;
  }, [image, dets, gt, minScore]);

  const tally = { tp: rows.filter((r) => r.kind === 'tp').length, fp: rows.filter((r) => r.kind === 'fp').length, fn: rows.filter((r) => r.kind === 'fn').length };
  const bmp = bitmap?.file === file ? bitmap.bmp : null;

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !bmp) return;
    const size = { width: bmp.width, height: bmp.height };
    const scale = Math.min(1, MAX_W / size.width, MAX_H / size.height);
    c.width = Math.max(1, Math.round(size.width * scale));
    c.height = Math.max(1, Math.round(size.height * scale));
    const p = fitPainter(ctx, size);
    const fontPx = Math.max(11, Math.round(c.width / 55));
    const label = (r: Row): string => `${r.kind.toUpperCase()} ${cocoLabel(r.categoryId, lang)}${r.score !== null ? ` ${r.score.toFixed(2)}` : ''}`;
    const solid: DrawnBox[] = rows.filter((r) => r.kind !== 'fn').reverse().map((r) => ({
      box: imageFromXYWH(r.bbox), text: label(r), color: r.kind === 'tp' ? TP : FP,
    }));
    drawFrame(p, bmp, solid, fontPx);
    // FN: dashed outlines, same coordinate path (core/coords)
    ctx.save();
    ctx.strokeStyle = FN;
    ctx.lineWidth = Math.max(2, fontPx / 6);
    ctx.setLineDash([8, 5]);
    ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    for (const r of rows) {
      if (r.kind !== 'fn') continue;
      const cb = p.toCanvas(imageFromXYWH(r.bbox));
      ctx.strokeRect(cb.x1, cb.y1, cb.x2 - cb.x1, cb.y2 - cb.y1);
      const text = label(r);
      const tw = ctx.measureText(text).width + 6;
      ctx.fillStyle = 'rgb(255 255 255 / 80%)';
      ctx.fillRect(cb.x1, cb.y2 - fontPx * 1.3, tw, fontPx * 1.3);
      ctx.fillStyle = '#9a3412';
      ctx.fillText(text, cb.x1 + 3, cb.y2 - 2);
    }
    ctx.restore();
  }, [bmp, rows, lang]);

  return (
    <section className="dataset-eval__image" aria-label={t('imageView', { name })} data-testid="dataset-image-view">
      <div className="dataset-eval__row">
        <h4 ref={heading} tabIndex={-1}>{t('imageView', { name })}</h4>
        <button type="button" onClick={onClose}>{t('close')}</button>
      </div>
      <ul className="dataset-eval__legend">
        <li><span style={{ borderColor: TP }} /> {t('legendTp')}</li>
        <li><span style={{ borderColor: FP }} /> {t('legendFp')}</li>
        <li><span style={{ borderColor: FN, borderStyle: 'dashed' }} /> {t('legendFn')}</li>
      </ul>
      {failed === file ? (
        <p role="alert" className="dataset-eval__error">{t('decodeFailed', { detail: name })}</p>
      ) : (
        <canvas ref={canvas} role="img" aria-label={t('canvasLabel', { name, ...tally })} data-tp={tally.tp} data-fp={tally.fp} data-fn={tally.fn} />
      )}
      <div className="dataset-eval__scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('colStatus')}</th><th scope="col">{t('colClass')}</th><th scope="col">{t('colScore')}</th>
              <th scope="col">{t('colIou')}</th><th scope="col">{t('colBox')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className={`is-${r.kind}`}>
                <td>{r.kind.toUpperCase()}</td>
                <td>{cocoLabel(r.categoryId, lang)}</td>
                <td className="num">{r.score === null ? '—' : r.score.toFixed(3)}</td>
                <td className="num">{r.iou === null ? '—' : r.iou.toFixed(2)}</td>
                <td className="num">{r.bbox.map((v) => v.toFixed(1)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
