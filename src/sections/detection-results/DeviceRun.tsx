/**
 * The "this device" row: the app's SSD over the bundled annotated sample photos (public/samples, put
 * there by `SAMPLES_DIR=… npm run models`), timed here, evaluated by src/core/eval in the worker.
 */
import { useState } from 'react';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { useSearchParam } from '../../app/router';
import { cocoGroundTruthFromJson, type Detection, type GroundTruth } from '../../core/eval';
import { useLang, useT } from '../../i18n/LangContext';
import { isBackendName } from '../../models/backendNames';
import { fetchSample, sampleUrl } from '../../ui/sampleIndex';
import { evaluateInWorker } from '../detection-metrics/dataset/evaluateClient';
import { runDetections } from '../detection-metrics/dataset/runDetections';
import { formatNum } from './format';
import { resultsTexts } from './texts';

export interface DeviceResult {
  readonly images: number;
  readonly objects: number;
  readonly msPerImage: number;
  readonly ap: number;
  readonly ap50: number;
  readonly voc07: number;
  readonly backend: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number; name: string }
  | { kind: 'evaluating' }
  | { kind: 'no-samples' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; result: DeviceResult };

/** The sample set's ground truth, or null when this install has none. */
async function loadSampleGt(base: string): Promise<GroundTruth | null> {
  const dir = base.endsWith('/') ? base : `${base}/`;
  let r: Response;
  try {
    r = await fetch(`${dir}samples/annotations.json`, { headers: { Accept: 'application/json' } });
  } catch {
    return null;
  }
  if (!r.ok || (r.headers.get('content-type') ?? '').startsWith('text/html')) return null;
  return cocoGroundTruthFromJson(await r.json(), 'samples/annotations.json');
}

export function DeviceRun({ columns }: { columns: number }) {
  const runtime = useRuntimeInstance();
  const t = useT(resultsTexts);
  const lang = useLang();
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const busy = phase.kind === 'running' || phase.kind === 'evaluating';

  const run = async () => {
    setPhase({ kind: 'running', done: 0, total: 0, name: '' });
    try {
      const base = import.meta.env.BASE_URL;
      const gt = await loadSampleGt(base);
      const withFiles = gt?.images.filter((im) => im.fileName) ?? [];
      if (!gt || withFiles.length === 0) {
        setPhase({ kind: 'no-samples' });
        return;
      }
      const adapter = await runtime.load('coco-ssd-lite_mobilenet_v2', preferred);
      const items = await Promise.all(
        withFiles.map(async (im) => ({ file: await fetchSample(sampleUrl(base, im.fileName!)), name: im.fileName!, imageId: im.id })),
      );
      // The CLI's defaults for evaluation (npm run detect): a low score threshold, per-class NMS at 0.6, 100 boxes.
      const out = await runDetections(adapter, items, { post: 'project', score: 0.01, iou: 0.6, max: 100 }, (p) => setPhase({ kind: 'running', ...p }), () => false, () => runtime.memory());
      const dets: Detection[] = out.results.map((d) => ({ imageId: d.image_id, categoryId: d.category_id, score: d.score, bbox: d.bbox }));
      setPhase({ kind: 'evaluating' });
      const processed = new Set(out.processed);
      const sub: GroundTruth = { ...gt, images: gt.images.filter((im) => processed.has(im.id)), annotations: gt.annotations.filter((a) => processed.has(a.imageId)) };
      const ev = await evaluateInWorker(sub, dets);
      setPhase({
        kind: 'done',
        result: {
          images: out.processed.length,
          objects: sub.annotations.filter((a) => !a.iscrowd).length,
          msPerImage: out.msPerImage,
          ap: ev.stats[0]!,
          ap50: ev.stats[1]!,
          voc07: ev.voc07mAP,
          backend: runtime.getSnapshot().backend?.active ?? '?',
        },
      });
    } catch (e) {
      setPhase({ kind: 'error', message: t('deviceError', { detail: e instanceof Error ? e.message : String(e) }) });
    }
  };

  const r = phase.kind === 'done' ? phase.result : null;
  const pct = (v: number) => formatNum(100 * v, lang);
  return (
    <tbody className="device">
      <tr data-testid="device-row" data-state={phase.kind}>
        <th scope="row">
          {r ? t('deviceRow', { n: r.images }) : t('device')}
          <div>
            <button type="button" onClick={() => void run()} disabled={busy} data-testid="device-run">
              {t('deviceRun')}
            </button>
          </div>
        </th>
        {r ? (
          <>
            <td className="num" colSpan={2} data-testid="device-ap50" data-value={r.ap50.toFixed(4)}>
              {pct(r.ap50)} <span className="unit">{t('deviceAp50')}</span> · {formatNum(1000 / r.msPerImage, lang)} {t('deviceFps')}
            </td>
            <td className="num" colSpan={2} data-testid="device-ms" data-value={r.msPerImage.toFixed(1)}>
              {Math.round(r.msPerImage)} {t('deviceMs')}
            </td>
            <td className="note" data-testid="device-note" data-ap={r.ap.toFixed(4)}>
              {t('deviceRowNote', { n: r.images, objects: r.objects, voc07: pct(r.voc07), ap: pct(r.ap), backend: r.backend, ms: Math.round(r.msPerImage) })}
            </td>
          </>
        ) : (
          <td colSpan={columns - 1} className="note" role="status">
            {phase.kind === 'idle' && t('deviceIntro')}
            {phase.kind === 'running' && t('deviceRunning', { done: phase.done, total: phase.total, name: phase.name })}
            {phase.kind === 'evaluating' && t('deviceEvaluating')}
            {phase.kind === 'no-samples' && <span data-testid="device-no-samples">{t('deviceNoSamples')}</span>}
            {phase.kind === 'error' && <span role="alert">{phase.message}</span>}
          </td>
        )}
      </tr>
    </tbody>
  );
}
