/**
 * The trained two-stage pipelines on the student's photo, step by step: proposals → crops (R-CNN) or
 * RoIs on one feature map (Fast R-CNN) → class scores → per-class NMS → final boxes, every stage timed
 * here; next to it the measured AP table of the same heads on the sample photos (report.json).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { COCO_CATEGORIES, cocoName } from '../../core/cocoClasses';
import type { Box4, HeadDetection } from '../../core/roi/heads';
import { useT } from '../../i18n/LangContext';
import { COCO_SSD_ID } from '../../models/cocoSsd';
import { detectWithHeads, type PipelineResult, type Pipeline } from '../../models/rcnnHeads';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { Slider } from '../../ui/Slider';
import type { StillSource } from '../../ui/source';
import { rcnnTexts } from './texts';

export interface DetectState {
  readonly pipe: Pipeline;
  readonly rcap: number;
  readonly score: number;
}

interface Report {
  readonly source: string;
  readonly date: string;
  readonly images: number;
  readonly meanProposals: number;
  readonly rcnnCap: number;
  readonly table: Record<string, { AP: number; AP50: number; AP75: number; APs: number; APm: number; APl: number; proposals: string }>;
  readonly msPerImage: Record<string, number | string>;
}

const base = (): string => {
  const b = import.meta.env.BASE_URL;
  return b.endsWith('/') ? b : `${b}/`;
};

let reportPromise: Promise<Report | null> | null = null;
function report(): Promise<Report | null> {
  reportPromise ??= fetch(`${base()}checkpoints/rcnn/report.json`)
    .then(async (r) => (r.ok && (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as Report) : null))
    .catch(() => null);
  return reportPromise;
}

interface Run {
  readonly for: readonly Box4[];
  readonly pipe: Pipeline;
  readonly n: number;
  readonly res: PipelineResult;
  /** Proposals whose best foreground probability ≥ the score threshold (before NMS). */
  readonly above: number;
}

function fmt(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function DetectSection({ source, proposals, state, setState, preferred }: { source: StillSource; proposals: readonly Box4[]; state: DetectState; setState: (p: Partial<DetectState>) => void; preferred?: 'webgl' | 'wasm' | 'cpu' }) {
  const t = useT(rcnnTexts);
  const runtime = useRuntimeInstance();
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rep, setRep] = useState<Report | null>(null);
  useEffect(() => {
    void report().then(setRep);
  }, []);
  const runNow = run && run.for === proposals && run.pipe === state.pipe ? run : null;
  const n = state.pipe === 'rcnn' ? Math.min(state.rcap, proposals.length) : proposals.length;

  const go = async () => {
    setError(null);
    setBusy(t('detLoading'));
    try {
      const [adapter, h] = await Promise.all([runtime.load(COCO_SSD_ID, preferred), runtime.load('rcnn', preferred)]);
      const boxes = proposals.slice(0, n);
      setBusy(t('detRunning', { done: 0, n }));
      const res = await detectWithHeads(adapter.graphModel, h.heads, source.pixels, boxes, state.pipe, { scoreThreshold: state.score, iouThreshold: 0.3, maxDetections: 100, regress: true }, async (done) => {
        setBusy(t('detRunning', { done, n }));
        await new Promise((r) => setTimeout(r, 0));
      });
      const K = h.heads[state.pipe === 'rcnn' ? 'rcnn' : state.pipe].numClasses;
      let above = 0;
      for (let i = 0; i < boxes.length; i++) {
        let m = 0;
        for (let k = 1; k < K; k++) m = Math.max(m, res.probs[i * K + k]!);
        if (m >= state.score) above++;
      }
      setRun({ for: proposals, pipe: state.pipe, n, res, above });
    } catch (e) {
      setError(t('error', { detail: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="det-h">
      <h2 id="det-h">{t('detHeading')}</h2>
      <p>{t('detIntro')}</p>
      <div className="controls">
        <label>
          {t('detPipe')}{' '}
          <select value={state.pipe} onChange={(e) => setState({ pipe: e.target.value as Pipeline })} data-testid="det-pipe">
            <option value="fast-align">{t('detPipeAlign')}</option>
            <option value="fast-pool">{t('detPipePool')}</option>
            <option value="rcnn">{t('detPipeRcnn')}</option>
          </select>
        </label>
        {state.pipe === 'rcnn' && <Slider label={t('detCap')} min={10} max={2000} step={10} value={state.rcap} onChange={(v) => setState({ rcap: v })} testId="det-cap" />}
        <Slider label={t('detScore')} min={0.05} max={0.95} step={0.05} value={state.score} onChange={(v) => setState({ score: v })} testId="det-score" />
        <button type="button" onClick={() => void go()} disabled={busy !== null || proposals.length === 0} data-testid="det-run">
          {t('detRun', { n })}
        </button>
      </div>
      <p role="status" data-testid="det-status">{busy ?? ''}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {runNow && <DetectSteps source={source} run={runNow} all={proposals.length} score={state.score} />}
      {rep && <ReportTable rep={rep} />}
    </section>
  );
}

function DetectSteps({ source, run, all, score }: { source: StillSource; run: Run; all: number; score: number }) {
  const t = useT(rcnnTexts);
  const { res } = run;
  const tm = res.times;
  const dets: HeadDetection[] = res.detections;
  const ref = useRef<HTMLCanvasElement>(null);
  const s = Math.min(1, 640 / Math.max(source.size.width, source.size.height));
  const w = Math.round(source.size.width * s);
  const h = Math.round(source.size.height * s);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(source.pixels, 0, 0, w, h);
    ctx.lineWidth = 2;
    ctx.font = '12px sans-serif';
    dets.forEach((d, i) => {
      ctx.strokeStyle = `hsl(${(d.cls * 47) % 360}, 90%, 50%)`;
      ctx.strokeRect(d.box[0] * s, d.box[1] * s, (d.box[2] - d.box[0]) * s, (d.box[3] - d.box[1]) * s);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(`${i + 1}`, d.box[0] * s + 2, d.box[1] * s + 12);
    });
  }, [source, dets, s, w, h]);
  const total = tm.backboneMs + tm.poolMs + tm.headMs + tm.nmsMs;
  const perCrop = run.pipe === 'rcnn' && tm.crops ? tm.backboneMs / tm.crops : 0;
  const rows = useMemo(() => dets.slice(0, 20), [dets]);
  return (
    <>
      <ol className="det-steps" data-testid="det-steps" data-proposals={run.n} data-above={run.above} data-final={dets.length} data-pipe={run.pipe}>
        <li>{t('detStep1', { n: run.n, all })}</li>
        <li data-testid="det-stage-features" data-ms={tm.backboneMs.toFixed(1)}>
          {run.pipe === 'rcnn'
            ? t('detStep2Rcnn', { n: tm.crops, ms: fmt(tm.backboneMs), per: perCrop.toFixed(1), all, full: fmt(perCrop * all) })
            : t('detStep2Fast', { backbone: fmt(tm.backboneMs), pool: fmt(tm.poolMs), n: run.n, kind: run.pipe === 'fast-align' ? 'RoI Align' : 'RoI Pool' })}
        </li>
        <li>{t('detStep3', { n: run.n, ms: fmt(tm.headMs), above: run.above, score: score.toFixed(2) })}</li>
        <li>{t('detStep4', { above: run.above, final: dets.length, ms: fmt(tm.nmsMs) })}</li>
        <li data-testid="det-total" data-ms={total.toFixed(1)}>
          {t('detTotal', { total: fmt(total) })}
        </li>
      </ol>
      <canvas ref={ref} width={w} height={h} className="rcnn-canvas" role="img" aria-label={t('detCanvas', { n: dets.length })} data-testid="det-canvas" />
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="det-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('detClass')}</th>
                <th>{t('detScoreCol')}</th>
                <th>{t('detBox')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{cocoName(runClassId(d.cls)) ?? d.cls}</td>
                  <td>{d.score.toFixed(3)}</td>
                  <td>{d.box.map((v) => Math.round(v)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="hint">{t('detNone')}</p>
      )}
    </>
  );
}

/** Head column c → COCO category id (the checkpoint's classes are COCO_CATEGORIES in order). */
function runClassId(c: number): number {
  return COCO_CATEGORIES[c - 1]?.[0] ?? -1;
}

const ROWS: readonly [string, string][] = [
  ['rcnn', 'R-CNN'],
  ['fast-pool', 'Fast R-CNN, RoI Pool'],
  ['fast-align', 'Fast R-CNN, RoI Align'],
  ['fast-align-noreg', 'Fast R-CNN, RoI Align, no box regression'],
  ['fast-align-cap', 'Fast R-CNN, RoI Align, same proposals as R-CNN'],
];

function ReportTable({ rep }: { rep: Report }) {
  const t = useT(rcnnTexts);
  const ms = rep.msPerImage;
  return (
    <div data-testid="det-report">
      <h3>{t('repHeading')}</h3>
      <p className="hint">{t('repSource', { n: rep.images, date: rep.date, props: rep.meanProposals })}</p>
      <div className="table-scroll">
        <table data-testid="det-report-table">
          <thead>
            <tr>
              <th>{t('repModel')}</th>
              <th>AP</th>
              <th>AP50</th>
              <th>AP75</th>
              <th>{t('repProposals')}</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.filter(([k]) => rep.table[k]).map(([k, name]) => (
              <tr key={k} data-row={k} data-ap={rep.table[k]!.AP}>
                <td>{name}</td>
                <td>{rep.table[k]!.AP.toFixed(3)}</td>
                <td>{rep.table[k]!.AP50.toFixed(3)}</td>
                <td>{rep.table[k]!.AP75.toFixed(3)}</td>
                <td>{rep.table[k]!.proposals}</td>
              </tr>
            ))}
            <tr data-row="coco-ssd">
              <td>{t('repSsd')}</td>
              <td>0.278</td>
              <td>0.410</td>
              <td>—</td>
              <td>1917 priors</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p data-testid="det-report-times">
        {t('repTimes', { rcnn: String(ms.rcnnMsPerCrop), crops: String(ms.rcnnCrops), rcnnAll: ((Number(ms.rcnnMsPerCrop) * rep.meanProposals) / 1000).toFixed(1), backbone: String(ms.fastBackbone), align: String(ms.roiAlign), pool: String(ms.roiPool) })}
      </p>
      <p className="hint">{t('repNote')}</p>
    </div>
  );
}
