import { useEffect, useMemo, useRef, useState } from 'react';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { COCO_SSD_ID } from '../../models/cocoSsd';
import { useSearchParam } from '../../app/router';
import { cocoGroundTruthFromJson, type GroundTruth } from '../../core/eval';
import { roiAlignGeometry, roiAlignSamplePoints, roiPoolGeometry, roiPoolMisalignment, type FeatureMap, type RoiBox } from '../../core/roi';
import { generateAnchors, labelAnchors, sampleMinibatch } from '../../core/rpn';
import { bestOverlaps, labelsAfter, proposalQuality, type ProposalBox } from '../../core/selectiveSearch';
import { num, oneOf } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { isBackendName } from '../../models/backendNames';
import { BACKBONE_INPUT, runFastRcnn, timeRcnnRegions } from '../../models/fastRcnn';
import { BackendPicker } from '../../ui/BackendPicker';
import { ImageSource } from '../../ui/ImageSource';
import { Slider } from '../../ui/Slider';
import type { Source, StillSource } from '../../ui/source';
import { useUrlState } from '../../ui/useUrlState';
import { DetectSection } from './DetectSection';
import { rcnnMeta } from './meta';
import { selectiveSearchInWorker } from './ssClient';
import type { SsResponse } from './ssRun';
import { rcnnTexts } from './texts';
import './rcnn.css';

const SCHEMA = {
  mode: oneOf(['fast', 'single'] as const, 'fast'),
  side: num(400, 160, 640, true),
  shown: num(300, 1, 2000, true),
  view: oneOf(['boxes', 'segments'] as const, 'boxes'),
  step: num(0, 0, 100000, true),
  roi: num(0, 0, 1999, true),
  cap: num(5, 1, 50, true),
  rpn: oneOf(['batch', 'pos', 'cell'] as const, 'batch'),
  pipe: oneOf(['fast-align', 'fast-pool', 'rcnn'] as const, 'fast-align'),
  rcap: num(200, 10, 2000, true),
  score: num(0.3, 0.05, 0.95),
};

const DISPLAY_MAX = 640;

interface SsResult {
  readonly for: StillSource;
  readonly res: SsResponse;
  /** Search image size (the photo scaled to `side`). */
  readonly w: number;
  readonly h: number;
  /** Proposals in original image pixels. */
  readonly boxes: readonly ProposalBox[];
}

interface Timing {
  readonly for: SsResult;
  readonly rcnnMs: number;
  readonly rcnnN: number;
  readonly backboneMs: number;
  readonly poolMs: number;
  readonly alignMs: number;
  readonly feature: FeatureMap;
  readonly pooled: Float32Array;
  readonly aligned: Float32Array;
  /** RoIs in model (300×300) pixels. */
  readonly rois: readonly RoiBox[];
}

function colourOf(label: number): [number, number, number] {
  const h = Math.imul(label + 1, 2654435761) >>> 0;
  return [h & 255, (h >>> 8) & 255, (h >>> 16) & 255];
}

function fmtMs(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The sample annotations, fetched once. */
let gtPromise: Promise<GroundTruth | null> | null = null;
function sampleGt(): Promise<GroundTruth | null> {
  const base = import.meta.env.BASE_URL;
  gtPromise ??= fetch(`${base.endsWith('/') ? base : `${base}/`}samples/annotations.json`, { headers: { Accept: 'application/json' } })
    .then(async (r) => (r.ok && !(r.headers.get('content-type') ?? '').startsWith('text/html') ? cocoGroundTruthFromJson(await r.json(), 'annotations.json') : null))
    .catch(() => null);
  return gtPromise;
}

function PhotoCanvas({ source, draw, label, testId }: { source: StillSource; draw: (ctx: CanvasRenderingContext2D, s: number) => void; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const s = Math.min(1, DISPLAY_MAX / Math.max(source.size.width, source.size.height));
  const w = Math.round(source.size.width * s);
  const h = Math.round(source.size.height * s);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(source.pixels, 0, 0, w, h);
    draw(ctx, s);
  }, [source, draw, s, w, h]);
  return <canvas ref={ref} width={w} height={h} className="rcnn-canvas" role="img" aria-label={label} data-testid={testId} />;
}

function Heat7({ data, n, c, label, testId }: { data: Float32Array; n: number; c: number; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cell = 18;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const means = new Float32Array(n * n);
    for (let i = 0; i < n * n; i++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += data[i * c + k]!;
      means[i] = s / c;
    }
    const max = Math.max(1e-6, ...means);
    for (let i = 0; i < n * n; i++) {
      const v = Math.round((means[i]! / max) * 255);
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect((i % n) * cell, Math.floor(i / n) * cell, cell, cell);
    }
  }, [data, n, c]);
  return <canvas ref={ref} width={n * cell} height={n * cell} role="img" aria-label={label} data-testid={testId} />;
}

export default function RcnnPage() {
  const runtime = useRuntimeInstance();
  const t = useT(rcnnTexts);
  const tMeta = useT(rcnnMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  const [source, setSource] = useState<Source | null>(null);
  const still = source?.kind === 'still' ? source : null;
  const [ss, setSs] = useState<SsResult | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [timing, setTiming] = useState<Timing | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const [gt, setGt] = useState<GroundTruth | null>(null);

  useEffect(() => {
    void sampleGt().then(setGt);
  }, []);

  const ssNow = ss && ss.for === still ? ss : null;
  const timingNow = timing && timing.for === ssNow ? timing : null;

  const gtBoxes = useMemo(() => {
    if (!still || !gt) return null;
    const im = gt.images.find((i) => i.fileName === still.name || (i.fileName && still.name.endsWith(i.fileName)));
    if (!im) return null;
    return gt.annotations.filter((a) => a.imageId === im.id && !a.iscrowd && a.bbox).map((a) => {
      const [x, y, w, h] = a.bbox!;
      // annotations are in the photo's pixels; scale if the source was downscaled on load
      const fx = still.size.width / im.width;
      const fy = still.size.height / im.height;
      return { x1: x * fx, y1: y * fy, x2: (x + w) * fx, y2: (y + h) * fy, cls: a.categoryId };
    });
  }, [still, gt]);

  const runSs = async () => {
    if (!still) return;
    setError(null);
    const scale = Math.min(1, state.side / Math.max(still.size.width, still.size.height));
    const w = Math.max(1, Math.round(still.size.width * scale));
    const h = Math.max(1, Math.round(still.size.height * scale));
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(still.pixels, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    setProgress(t('ssRunning', { done: 0, total: state.mode === 'fast' ? 8 : 1, stage: '' }));
    try {
      const res = await selectiveSearchInWorker({ width: w, height: h, rgba, mode: state.mode, maxProposals: 2000 }, (done, total, stage) =>
        setProgress(t('ssRunning', { done: Math.min(done + 1, total), total, stage })),
      );
      const fx = still.size.width / w;
      const fy = still.size.height / h;
      setSs({ for: still, res, w, h, boxes: res.boxes.map((b) => ({ x1: b.x1 * fx, y1: b.y1 * fy, x2: b.x2 * fx, y2: b.y2 * fy })) });
    } catch (e) {
      setError(t('error', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setProgress(null);
    }
  };

  const measure = async () => {
    if (!ssNow) return;
    setMeasuring(true);
    setError(null);
    try {
      const adapter = await runtime.load(COCO_SSD_ID, preferred);
      const { width: W, height: H } = ssNow.for.size;
      const rois = ssNow.boxes.map((b) => ({ x1: (b.x1 * BACKBONE_INPUT) / W, y1: (b.y1 * BACKBONE_INPUT) / H, x2: (b.x2 * BACKBONE_INPUT) / W, y2: (b.y2 * BACKBONE_INPUT) / H }));
      const fast = await runFastRcnn(adapter.graphModel, ssNow.for.pixels, rois);
      const r = await timeRcnnRegions(adapter.graphModel, ssNow.for.pixels, ssNow.boxes.slice(0, state.cap), W, H);
      setTiming({ for: ssNow, rcnnMs: r.msPerRegion, rcnnN: r.regions, ...fast, rois });
    } catch (e) {
      setError(t('error', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setMeasuring(false);
    }
  };

  const shown = useMemo(() => (ssNow ? ssNow.boxes.slice(0, state.shown) : []), [ssNow, state.shown]);
  const detBoxes = useMemo(() => (ssNow ? ssNow.boxes.map((b) => [b.x1, b.y1, b.x2, b.y2] as const) : []), [ssNow]);
  const drawBoxes = useMemo(
    () => (ctx: CanvasRenderingContext2D, s: number) => {
      ctx.lineWidth = 1;
      shown.forEach((b, i) => {
        ctx.strokeStyle = `hsla(${(i * 47) % 360}, 90%, 55%, 0.8)`;
        ctx.strokeRect(b.x1 * s, b.y1 * s, (b.x2 - b.x1) * s, (b.y2 - b.y1) * s);
      });
    },
    [shown],
  );

  const step = ssNow ? Math.min(state.step, ssNow.res.merges.length) : 0;
  const drawSegments = useMemo(
    () => (ctx: CanvasRenderingContext2D, s: number) => {
      if (!ssNow) return;
      const { w, h } = ssNow;
      const labels = labelsAfter({ width: w, height: h, labels: ssNow.res.labels, count: ssNow.res.count }, { regions: ssNow.res.regions, merges: ssNow.res.merges, initialCount: ssNow.res.count }, step);
      const img = new ImageData(w, h);
      for (let i = 0; i < labels.length; i++) {
        const [r, g, b] = colourOf(labels[i]!);
        img.data[4 * i] = r;
        img.data[4 * i + 1] = g;
        img.data[4 * i + 2] = b;
        img.data[4 * i + 3] = 150;
      }
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      c.getContext('2d')?.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(c, 0, 0, ssNow.for.size.width * s, ssNow.for.size.height * s);
    },
    [ssNow, step],
  );
  const regionsAfter = ssNow ? ssNow.res.count - step : 0;

  const quality = useMemo(() => {
    if (!gtBoxes || gtBoxes.length === 0 || shown.length === 0) return null;
    const o = bestOverlaps(gtBoxes, shown);
    const q = proposalQuality(o, gtBoxes.map((g) => g.cls));
    return { hit: Math.round(q.recall * gtBoxes.length), n: gtBoxes.length, abo: q.abo };
  }, [gtBoxes, shown]);

  return (
    <article className="section rcnn">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
      </div>
      <ImageSource onSource={setSource} />
      {!still && <p className="hint">{t('noSource')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      <section aria-labelledby="ss-h" data-result>
        <h2 id="ss-h">{t('ssHeading')}</h2>
        <p>{t('ssIntro')}</p>
        <div className="controls">
          <label>
            {t('ssMode')}{' '}
            <select value={state.mode} onChange={(e) => setState({ mode: e.target.value as 'fast' | 'single' })} data-testid="ss-mode">
              <option value="fast">{t('ssModeFast')}</option>
              <option value="single">{t('ssModeSingle')}</option>
            </select>
          </label>
          <Slider label={t('ssSide')} min={160} max={640} step={20} value={state.side} onChange={(v) => setState({ side: v })} testId="ss-side" />
          <button type="button" onClick={() => void runSs()} disabled={!still || progress !== null} data-testid="ss-run">
            {t('ssRun')}
          </button>
        </div>
        <p role="status" data-testid="ss-status" data-count={ssNow ? ssNow.boxes.length : ''}>
          {progress ?? (ssNow ? t('ssDone', { n: ssNow.boxes.length, ms: Math.round(ssNow.res.ms), strategies: ssNow.res.strategies, w: ssNow.w, h: ssNow.h }) : '')}
        </p>
        {ssNow && still && (
          <>
            <div className="controls">
              <Slider label={t('ssShown')} min={1} max={Math.max(1, ssNow.boxes.length)} step={1} value={Math.min(state.shown, ssNow.boxes.length)} onChange={(v) => setState({ shown: v })} testId="ss-shown" />
              <label>
                {t('ssView')}{' '}
                <select value={state.view} onChange={(e) => setState({ view: e.target.value as 'boxes' | 'segments' })} data-testid="ss-view">
                  <option value="boxes">{t('ssViewBoxes')}</option>
                  <option value="segments">{t('ssViewSegments')}</option>
                </select>
              </label>
            </div>
            {state.view === 'boxes' ? (
              <PhotoCanvas source={still} draw={drawBoxes} label={t('ssCanvas', { name: still.name, n: shown.length })} testId="ss-canvas" />
            ) : (
              <>
                <Slider label={t('ssStep')} min={0} max={ssNow.res.merges.length} step={1} value={step} onChange={(v) => setState({ step: v })} testId="ss-step" />
                <p data-testid="ss-step-info">
                  {t('ssStepInfo', { step, total: ssNow.res.merges.length, regions: regionsAfter, sim: step > 0 ? ssNow.res.merges[step - 1]!.similarity.toFixed(3) : '—' })}
                </p>
                <PhotoCanvas source={still} draw={drawSegments} label={t('ssSegCanvas', { name: still.name, regions: regionsAfter, step })} testId="ss-seg-canvas" />
              </>
            )}
            {quality && (
              <p data-testid="ss-recall">{t('recall', { hit: quality.hit, n: quality.n, k: shown.length, abo: quality.abo.toFixed(3) })}</p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="fast-h">
        <h2 id="fast-h">{t('fastHeading')}</h2>
        <p>{t('fastIntro')}</p>
        <div className="controls">
          <Slider label={t('fastCap')} min={1} max={50} step={1} value={state.cap} onChange={(v) => setState({ cap: v })} />
          <button type="button" onClick={() => void measure()} disabled={!ssNow || measuring} data-testid="fast-run">
            {measuring ? t('fastRunning') : t('fastRun')}
          </button>
        </div>
        {!ssNow && <p className="hint">{t('fastNeedSs')}</p>}
        {timingNow && ssNow && <FastResults timing={timingNow} all={ssNow.boxes.length} />}
      </section>

      {ssNow && still && (
        <DetectSection source={still} proposals={detBoxes} state={{ pipe: state.pipe, rcap: state.rcap, score: state.score }} setState={setState} preferred={preferred} />
      )}

      {timingNow && ssNow && <RoiSection timing={timingNow} pick={Math.min(state.roi, timingNow.rois.length - 1)} setPick={(v) => setState({ roi: v })} imageSize={ssNow.for.size} />}

      <section aria-labelledby="rpn-h">
        <h2 id="rpn-h">{t('rpnHeading')}</h2>
        <p>{t('rpnIntro')}</p>
        {still && !gtBoxes && <p className="hint" data-testid="rpn-no-gt">{t('rpnNoGt')}</p>}
        {still && gtBoxes && <RpnSection source={still} gts={gtBoxes} show={state.rpn} setShow={(v) => setState({ rpn: v })} />}
      </section>
    </article>
  );
}

function FastResults({ timing, all }: { timing: Timing; all: number }) {
  const t = useT(rcnnTexts);
  const rcnnTotal = timing.rcnnMs * all;
  const fastTotal = timing.backboneMs + Math.max(timing.poolMs, timing.alignMs);
  return (
    <ul data-testid="fast-results">
      <li data-testid="rcnn-time" data-ms={timing.rcnnMs.toFixed(1)}>
        {t('fastRcnn', { ms: Math.round(timing.rcnnMs), n: timing.rcnnN, total: fmtMs(rcnnTotal), all })}
      </li>
      <li data-testid="fast-time" data-ms={fastTotal.toFixed(1)}>
        {t('fastFast', { backbone: Math.round(timing.backboneMs), pool: Math.round(timing.poolMs), align: Math.round(timing.alignMs), all, total: fmtMs(fastTotal) })}
      </li>
      <li data-testid="fast-speedup">{t('fastSpeedup', { x: (rcnnTotal / fastTotal).toFixed(0) })}</li>
      <li className="hint">{t('fastNote')}</li>
    </ul>
  );
}

function RoiSection({ timing, pick, setPick, imageSize }: { timing: Timing; pick: number; setPick: (v: number) => void; imageSize: { width: number; height: number } }) {
  const t = useT(rcnnTexts);
  const f = timing.feature;
  const roi = timing.rois[pick]!;
  const scale = f.height / BACKBONE_INPUT;
  const opts = { outputSize: 7, spatialScale: scale };
  const pool = roiPoolGeometry(roi, opts, f.height, f.width);
  const align = roiAlignGeometry(roi, { ...opts, samplingRatio: 2, aligned: true });
  const mis = roiPoolMisalignment(roi, opts, f.height, f.width);
  const per = 49 * f.channels;
  const pooled = timing.pooled.subarray(pick * per, (pick + 1) * per);
  const aligned = timing.aligned.subarray(pick * per, (pick + 1) * per);
  let diff = 0;
  for (let i = 0; i < per; i++) diff += Math.abs(pooled[i]! - aligned[i]!);
  diff /= per;
  // edge error in model px → original photo px (mean of the two axes' factors)
  const toPhoto = (imageSize.width / BACKBONE_INPUT + imageSize.height / BACKBONE_INPUT) / 2;
  const ref = useRef<HTMLCanvasElement>(null);
  const cell = 20;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const means = new Float32Array(f.height * f.width);
    for (let i = 0; i < means.length; i++) {
      let s = 0;
      for (let c = 0; c < f.channels; c++) s += f.data[i * f.channels + c]!;
      means[i] = s / f.channels;
    }
    const max = Math.max(1e-6, ...means);
    for (let i = 0; i < means.length; i++) {
      const v = Math.round((means[i]! / max) * 200);
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect((i % f.width) * cell, Math.floor(i / f.width) * cell, cell, cell);
    }
    ctx.strokeStyle = 'rgba(255,160,40,0.9)';
    ctx.lineWidth = 1;
    for (const b of pool.bins) if (b.x1 > b.x0 && b.y1 > b.y0) ctx.strokeRect(b.x0 * cell, b.y0 * cell, (b.x1 - b.x0) * cell, (b.y1 - b.y0) * cell);
    // the true region, in feature cells (cell i spans [i, i+1) in these coordinates)
    ctx.strokeStyle = '#00e5ff';
    ctx.lineWidth = 2;
    ctx.strokeRect(roi.x1 * scale * cell, roi.y1 * scale * cell, (roi.x2 - roi.x1) * scale * cell, (roi.y2 - roi.y1) * scale * cell);
    // RoI Align samples: feature coordinate v (cell centre at v) is drawn at (v + 0.5) cells
    ctx.fillStyle = '#ff3df0';
    for (let ph = 0; ph < 7; ph++) for (let pw = 0; pw < 7; pw++) for (const p of roiAlignSamplePoints(align, ph, pw)) ctx.fillRect((p.x + 0.5) * cell - 1.5, (p.y + 0.5) * cell - 1.5, 3, 3);
  }, [f, roi, pool, align, scale]);
  return (
    <section aria-labelledby="roi-h">
      <h2 id="roi-h">{t('roiHeading')}</h2>
      <p>{t('roiIntro')}</p>
      <Slider label={t('roiPick')} min={0} max={timing.rois.length - 1} step={1} value={pick} onChange={setPick} testId="roi-pick" />
      <div className="roi-row">
        <canvas ref={ref} width={f.width * cell} height={f.height * cell} role="img" aria-label={t('roiCanvas')} data-testid="roi-feature-canvas" />
        <figure>
          <Heat7 data={pooled} n={7} c={f.channels} label={t('roiPool')} testId="roi-pool" />
          <figcaption>{t('roiPool')}</figcaption>
        </figure>
        <figure>
          <Heat7 data={aligned} n={7} c={f.channels} label={t('roiAlign')} testId="roi-align" />
          <figcaption>{t('roiAlign')}</figcaption>
        </figure>
      </div>
      <p className="hint">{t('roiLegend')}</p>
      <p data-testid="roi-mis" data-err={(mis.meanEdgeError * toPhoto).toFixed(2)} data-diff={diff.toFixed(4)}>
        {t('roiMis', { err: (mis.meanEdgeError * toPhoto).toFixed(1), iou: mis.iou.toFixed(3), diff: diff.toFixed(3) })}
      </p>
    </section>
  );
}

function RpnSection({ source, gts, show, setShow }: { source: StillSource; gts: readonly { x1: number; y1: number; x2: number; y2: number }[]; show: 'batch' | 'pos' | 'cell'; setShow: (v: 'batch' | 'pos' | 'cell') => void }) {
  const t = useT(rcnnTexts);
  const { width: W, height: H } = source.size;
  const grid = 19;
  const stride = Math.max(W, H) / grid;
  const fh = Math.ceil(H / stride);
  const fw = Math.ceil(W / stride);
  const scales = useMemo(() => [128, 256, 512].map((s) => (s * Math.min(W, H)) / 600), [W, H]);
  const data = useMemo(() => {
    const anchors = generateAnchors(fh, fw, { stride, scales, ratios: [0.5, 1, 2] });
    const lab = labelAnchors(anchors, gts, { imageSize: { width: W, height: H } });
    const batch = sampleMinibatch(lab.labels);
    let pos = 0, neg = 0, best = 0;
    lab.labels.forEach((l, i) => {
      if (l === 1) pos++;
      else if (l === 0) neg++;
      if (lab.bestForGt[i]) best++;
    });
    return { anchors, lab, batch, pos, neg, best };
  }, [fh, fw, stride, scales, gts, W, H]);
  const total = data.anchors.length / 4;
  const draw = useMemo(
    () => (ctx: CanvasRenderingContext2D, s: number) => {
      const a = data.anchors;
      const rect = (i: number, colour: string) => {
        ctx.strokeStyle = colour;
        ctx.strokeRect(a[4 * i]! * s, a[4 * i + 1]! * s, (a[4 * i + 2]! - a[4 * i]!) * s, (a[4 * i + 3]! - a[4 * i + 1]!) * s);
      };
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#ffffff';
      for (const g of gts) ctx.strokeRect(g.x1 * s, g.y1 * s, (g.x2 - g.x1) * s, (g.y2 - g.y1) * s);
      ctx.setLineDash([]);
      ctx.lineWidth = 1;
      if (show === 'batch') {
        for (const i of data.batch.negatives) rect(i, 'rgba(255,80,80,0.35)');
        for (const i of data.batch.positives) rect(i, 'rgba(60,255,120,0.9)');
      } else if (show === 'pos') {
        data.lab.labels.forEach((l, i) => l === 1 && rect(i, 'rgba(60,255,120,0.9)'));
      } else {
        const centre = (Math.floor(fh / 2) * fw + Math.floor(fw / 2)) * 9;
        for (let k = 0; k < 9; k++) rect(centre + k, `hsl(${k * 40}, 90%, 60%)`);
      }
    },
    [data, gts, show, fh, fw],
  );
  const what = show === 'batch' ? t('rpnShowBatch') : show === 'pos' ? t('rpnShowPos') : t('rpnShowCell');
  return (
    <>
      <p data-testid="rpn-counts" data-pos={data.pos} data-neg={data.neg} data-total={total}>
        {t('rpnCounts', { total, h: fh, w: fw, pos: data.pos, best: data.best, neg: data.neg, ign: total - data.pos - data.neg, bp: data.batch.positives.length, bn: data.batch.negatives.length })}
      </p>
      <p className="hint">{t('rpnScales', { scales: scales.map((s) => Math.round(s)).join(', '), stride: stride.toFixed(1) })}</p>
      <label>
        {t('rpnShow')}{' '}
        <select value={show} onChange={(e) => setShow(e.target.value as 'batch' | 'pos' | 'cell')} data-testid="rpn-show">
          <option value="batch">{t('rpnShowBatch')}</option>
          <option value="pos">{t('rpnShowPos')}</option>
          <option value="cell">{t('rpnShowCell')}</option>
        </select>
      </label>
      <PhotoCanvas source={source} draw={draw} label={t('rpnCanvas', { name: source.name, what })} testId="rpn-canvas" />
    </>
  );
}
