import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { imageBox, normalizedFromXyxyRow, scaleView } from '../../core/coords';
import type { DetectionArrays } from '../../core/nms';
import { rgbaToInput } from '../../core/yolo/dataset';
import { generateImage, type SynthImage } from '../../core/yolo/synthData';
import { useT } from '../../i18n/LangContext';
import { decodeTinyYolo, yoloRawOf, type LossRecord, type TinyYolo } from '../../models/tinyYolo';
import { LineChart } from '../../ui/charts/LineChart';
import { painter } from '../../ui/painter';
import { Slider } from '../../ui/Slider';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { CLASS_COLORS, drawLabel, PaintCanvas, rgbaCanvas } from './PaintCanvas';
import type { SetState, YoloPageState } from './state';
import { yoloTexts } from './texts';
import { YoloTrainClient } from '../../models/train/yoloTrainClient';
import { BATCH, type EvalResult } from '../../models/train/yoloTrainShared';
import { isBackendName } from '../../models/backendNames';
import { useSearchParam } from '../../app/router';
import { TEST_SPLIT, yoloStore, type YoloSnapshot } from './yoloStore';

interface Props {
  readonly snap: YoloSnapshot & { net: TinyYolo };
  readonly state: YoloPageState;
  readonly setState: SetState;
  readonly className: (c: number) => string;
}

interface History {
  readonly steps: number[];
  readonly total: number[];
  readonly conf: number[];
  readonly loc: number[];
  readonly cls: number[];
}

const EMPTY: History = { steps: [], total: [], conf: [], loc: [], cls: [] };
const SHOWN_TEST = 6;
const DETECT = { scoreThreshold: 0.3, iouThreshold: 0.45, maxDetections: 10, classAgnostic: false };

function ema(a: LossRecord | null, l: LossRecord): LossRecord {
  if (!a) return l;
  const m = (x: number, y: number) => 0.9 * x + 0.1 * y;
  return { total: m(a.total, l.total), conf: m(a.conf, l.conf), confObj: m(a.confObj, l.confObj), confNoobj: m(a.confNoobj, l.confNoobj), loc: m(a.loc, l.loc), cls: m(a.cls, l.cls) };
}

function detList(d: DetectionArrays | undefined, className: (c: number) => string, none: string): string {
  if (!d || d.count === 0) return none;
  return Array.from({ length: d.count }, (_, j) => `${className(d.classes[j]!)} ${d.scores[j]!.toFixed(2)}`).join(', ');
}

function drawDets(ctx: CanvasRenderingContext2D, d: DetectionArrays | undefined, w: number, h: number, className: (c: number) => string): void {
  if (!d) return;
  const p = painter(ctx, { width: w, height: h }, scaleView(1, { width: w, height: h }));
  for (let j = 0; j < d.count; j++) {
    const c = p.fromNormalized(normalizedFromXyxyRow(d.boxes, j));
    p.strokeBox(c, CLASS_COLORS[d.classes[j]! % CLASS_COLORS.length]!, 2);
    drawLabel(ctx, `${className(d.classes[j]!)} ${d.scores[j]!.toFixed(2)}`, c.x1, c.y1, CLASS_COLORS[d.classes[j]! % CLASS_COLORS.length]!, w);
  }
}

function TestThumb({ im, det, className, label }: { im: SynthImage; det: DetectionArrays | undefined; className: (c: number) => string; label: string }) {
  const pixels = useMemo(() => rgbaCanvas(im.rgba, im.width, im.height), [im]);
  const paint = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(pixels, 0, 0, w, h);
      const p = painter(ctx, im, scaleView(w / im.width, im));
      for (const o of im.objects) p.strokeBox(p.toCanvas(imageBox(o.x1, o.y1, o.x2, o.y2)), '#fff', 1, [3, 3]);
      drawDets(ctx, det, w, h, className);
    },
    [pixels, im, det, className],
  );
  return <PaintCanvas width={160} height={160} paint={paint} label={label} />;
}

export function TrainSection({ snap, state, setState, className }: Props) {
  const t = useT(yoloTexts);
  const net = snap.net;
  const runtime = useRuntimeInstance();
  const backendParam = useSearchParam('backend');
  // Training runs in a Web Worker (its own tfjs, WASM unless `?backend=` names another): a step
  // never blocks this page. The worker starts with the first Start / Evaluate.
  const [client] = useState(() => new YoloTrainClient(runtime.wasmBase, isBackendName(backendParam) ? backendParam : undefined));
  useEffect(() => () => client.dispose(), [client]);
  const [running, setRunning] = useState(false);
  const runningRef = useRef(false);
  /** Bumped by every Start, Pause and reset: a start-up that finds it changed does not train. */
  const runRef = useRef(0);
  const sessionRef = useRef<{ net: TinyYolo; id: Promise<number> } | null>(null);
  const [history, setHistory] = useState<History>(EMPTY);
  const [stepInfo, setStepInfo] = useState<{ step: number; loss: number; ms: number; backend: string } | null>(null);
  const [evalResult, setEvalResult] = useState<EvalResult | null>(null);
  const [evaluating, setEvaluating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lrRef = useRef(state.lr);
  useEffect(() => {
    lrRef.current = state.lr;
    client.setLearningRate(state.lr);
  }, [state.lr, client]);

  // A new network (reset) ends the session: the worker stops, its late reports are dropped.
  useEffect(() => {
    return () => {
      // (a start-up still waiting for its session finds it dropped and does not train)
      runningRef.current = false;
      setRunning(false);
      client.drop();
      sessionRef.current = null;
    };
  }, [net, client]);

  /**
   * The worker's copy of this page's net (copied in once per net: checkpoint, scratch or reset);
   * null when the net was replaced meanwhile.
   */
  const ensureSession = async (): Promise<number | null> => {
    let entry = sessionRef.current;
    if (!entry || entry.net !== net) {
      const id = net.weightArrays().then((weights) => client.session({ config: net.config, weights, startImage: 0, lr: lrRef.current }));
      const e = { net, id };
      entry = e;
      sessionRef.current = e;
      id.catch(() => {
        if (sessionRef.current === e) sessionRef.current = null;
      });
    }
    const id = await entry.id;
    return sessionRef.current === entry && client.isCurrent(id) ? id : null;
  };

  const stopRunning = () => {
    runningRef.current = false;
    runRef.current++;
    setRunning(false);
  };

  const start = () => {
    if (runningRef.current) return;
    setError(null);
    runningRef.current = true;
    const run = ++runRef.current;
    setRunning(true);
    const trained = net;
    const smooth: { avg: LossRecord | null } = { avg: null };
    void (async () => {
      try {
        const id = await ensureSession();
        if (id === null || run !== runRef.current) return; // paused (or reset) while the worker started
        client.setLearningRate(lrRef.current);
        await client.train(id, (r) => {
          // Weights arrive every few steps and when training stops: the page's net takes them.
          if (r.weights) yoloStore.applyWeights(trained, r.weights);
          if (r.kind !== 'step') return;
          const s = ema(smooth.avg, r.loss);
          smooth.avg = s;
          setHistory((h) => ({
            steps: [...h.steps, h.steps.length + 1],
            total: [...h.total, s.total],
            conf: [...h.conf, s.conf],
            loc: [...h.loc, s.loc],
            cls: [...h.cls, s.cls],
          }));
          setStepInfo({ step: r.step, loss: r.loss.total, ms: r.ms, backend: client.backend ?? '?' });
        });
      } catch (e) {
        if (run === runRef.current) stopRunning();
        setError(e instanceof Error ? e.message : String(e));
      }
    })();
  };
  /** Acts at once: the page leaves training now; the worker drops the step in flight (see the worker). */
  const pause = () => {
    stopRunning();
    client.pause();
  };
  const reset = async (fromCheckpoint: boolean) => {
    stopRunning();
    client.drop();
    sessionRef.current = null;
    setHistory(EMPTY);
    setStepInfo(null);
    setEvalResult(null);
    await yoloStore.reset(fromCheckpoint);
  };
  const evaluate = async () => {
    setEvaluating(true);
    try {
      const id = await ensureSession();
      const r = id === null ? null : await client.evaluate(id);
      if (r) setEvalResult(r);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setEvaluating(false);
    }
  };

  // Detections on a few test images, refreshed as the weights change.
  const tests = useMemo(() => Array.from({ length: SHOWN_TEST }, (_, i) => generateImage(TEST_SPLIT.seed, i)), []);
  const [testDets, setTestDets] = useState<{ version: number; dets: DetectionArrays[] } | null>(null);
  const version = snap.version;
  useEffect(() => {
    let live = true;
    net.predictRaw(rgbaToInput(tests, net.config.inputSize), tests.length).then(
      (raw) => live && setTestDets({ version, dets: tests.map((_, k) => decodeTinyYolo(yoloRawOf(net, raw, k, tests.length), DETECT).arrays) }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [net, version, tests]);

  // ---- drawing pad ----
  const padRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [color, setColor] = useState('#1a237e');
  const [padDets, setPadDets] = useState<DetectionArrays | null>(null);
  const PAD = 256;
  const clearPad = useCallback(() => {
    const c = padRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.fillStyle = '#fafafa';
    ctx.fillRect(0, 0, c.width, c.height);
    setPadDets(null);
  }, []);
  useEffect(() => {
    const c = padRef.current;
    if (c) {
      c.width = PAD;
      c.height = PAD;
    }
    clearPad();
  }, [clearPad]);
  const padPoint = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD };
  };
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = padPoint(e);
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    const ctx = padRef.current?.getContext('2d');
    if (!from || !ctx) return;
    const to = padPoint(e);
    ctx.strokeStyle = color;
    ctx.lineWidth = 8;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    drawing.current = to;
  };
  const onUp = () => {
    drawing.current = null;
  };
  const detectPad = async () => {
    const c = padRef.current;
    if (!c) return;
    const raw = await net.predictRawPixels(c);
    setPadDets(decodeTinyYolo(yoloRawOf(net, raw), DETECT).arrays);
  };
  const padOverlay = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      if (padDets) drawDets(ctx, padDets, w, h, className);
    },
    [padDets, className],
  );

  return (
    <section className="yolo-section" aria-labelledby="yolo-train-h">
      <h2 id="yolo-train-h">{t('trainHeading')}</h2>
      <p>{t('trainIntro', { params: net.numParams, batch: BATCH, n: TEST_SPLIT.count })}</p>
      {snap.shipped && <p data-testid="shipped-map">{t('shippedMap', { map: snap.shipped.mAP50.toFixed(3), steps: snap.shipped.steps })}</p>}
      <div className="yolo-controls">
        {running ? (
          <button type="button" onClick={pause} data-testid="train-pause">{t('pause')}</button>
        ) : (
          <button type="button" onClick={start} data-testid="train-start">{t('start')}</button>
        )}
        <button type="button" onClick={() => void reset(true)} data-testid="train-reset-checkpoint">{t('resetCheckpoint')}</button>
        <button type="button" onClick={() => void reset(false)} data-testid="train-reset-scratch">{t('resetScratch')}</button>
        <button type="button" onClick={() => void evaluate()} disabled={evaluating || running} data-testid="train-eval">
          {evaluating ? t('evaluating') : t('evaluate')}
        </button>
        <Slider label={t('lr')} value={state.lr} min={0.0001} max={0.01} step={0.0001} onChange={(v) => setState({ lr: v })} format={(v) => v.toFixed(4)} />
      </div>
      {stepInfo && (
        <p role="status" data-testid="train-status" data-step={stepInfo.step} data-where="worker" data-backend={stepInfo.backend}>
          {t('stepInfo', { step: stepInfo.step, loss: stepInfo.loss.toFixed(3), ms: stepInfo.ms.toFixed(0), backend: stepInfo.backend })}
        </p>
      )}
      {error && <p className="error" role="alert">{t('trainError', { detail: error })}</p>}
      {evalResult && (
        <p data-testid="train-map">
          <strong>{t('mapResult', { map: evalResult.ap50.toFixed(3), mapAll: evalResult.ap.toFixed(3), n: evalResult.images })}</strong>
        </p>
      )}
      {history.steps.length > 1 && (
        <LineChart
          x={history.steps}
          series={[
            { label: 'L', color: '#222', y: history.total },
            { label: 'L_conf', color: '#e6194b', y: history.conf },
            { label: 'L_loc', color: '#3cb44b', y: history.loc },
            { label: 'L_cls', color: '#4363d8', y: history.cls },
          ]}
          xLabel={t('lossCurveX')}
          yLabel={t('lossCurveY')}
          label={t('lossCurveLabel')}
          height={220}
          testId="train-loss-chart"
        />
      )}
      <h3>{t('testHeading')}</h3>
      <div className="yolo-thumbs" data-testid="test-thumbs">
        {tests.map((im, k) => {
          const det = testDets?.dets[k];
          return <TestThumb key={im.id} im={im} det={det} className={className} label={t('testLabel', { id: im.id, list: detList(det, className, t('drawNone')) })} />;
        })}
      </div>
      <h3>{t('drawHeading')}</h3>
      <p>{t('drawIntro')}</p>
      <div className="yolo-controls">
        <button type="button" onClick={() => void detectPad()} data-testid="draw-detect">{t('drawDetect')}</button>
        <button type="button" onClick={clearPad}>{t('drawClear')}</button>
        <label>
          {t('colorLabel')} <input type="color" value={color} onChange={(e) => setColor(e.currentTarget.value)} />
        </label>
      </div>
      <div className="yolo-pad">
        <canvas
          ref={padRef}
          className="yolo-pad-canvas"
          style={{ width: PAD, height: PAD }}
          aria-label={t('drawLabel', { list: detList(padDets ?? undefined, className, t('drawNone')) })}
          data-testid="draw-pad"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
        <div className="yolo-pad-overlay">
          <PaintCanvas width={PAD} height={PAD} paint={padOverlay} label={detList(padDets ?? undefined, className, t('drawNone'))} testId="draw-overlay" />
        </div>
      </div>
    </section>
  );
}
