import { useEffect, useMemo, useRef, useState } from 'react';
import { hrefFor } from '../../app/router';
import { batchStats, bnStatShape, histogram } from '../../core/recap/batchNorm';
import { log10s } from '../../core/recap/gradients';
import { bool, num, oneOf } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { LECTURE_BN, runBnExample, type BnExampleResult } from '../../models/recap/convExperiments';
import { ACTIVATIONS, VARIANTS, type Activation, type GradientNorms, type Variant } from '../../models/recap/deepNet';
import { gradientNormsByVariant, SPIRAL_N, trainVariants, type TrainPoint } from '../../models/recap/sideBySide';
import { BackendPicker } from '../../ui/BackendPicker';
import { LineChart, type Series } from '../../ui/charts/LineChart';
import { Formula } from '../../ui/Formula';
import { Slider } from '../../ui/Slider';
import { useUrlState } from '../../ui/useUrlState';
import { TableHead } from '../../ui/TableHead';
import { recapArchitecturesMeta, recapGradientsMeta } from './meta';
import { recapTexts } from './texts';
import { fmt3, fmtExp, useTf } from './useTf';
import './recap.css';

/** Every control in the URL (`#/recap?depth=30&act=sigmoid&scale=1&lr=0.5`). */
const SCHEMA = {
  depth: num(20, 2, 100, true),
  width: num(32, 4, 64, true),
  act: oneOf<Activation>(ACTIVATIONS, 'sigmoid'),
  scale: num(1, 0.1, 4),
  seed: num(1, 1, 999, true),
  bias: bool(false),
  lr: num(0.1, 0.001, 2),
  steps: num(300, 20, 2000, true),
  ch: num(0, 0, 15, true),
};

type T = ReturnType<typeof useT<keyof typeof recapTexts.en>>;
const VARIANT_KEY = { plain: 'variantPlain', bn: 'variantBn', residual: 'variantResidual' } as const;
const VARIANT_COLOR: Record<Variant, string> = { plain: '#b3261e', bn: '#0b5cad', residual: '#15803d' };
const EVERY = 10;

export default function RecapPage() {
  const t = useT(recapTexts);
  const tm = useT(recapGradientsMeta.texts);
  const tNext = useT(recapArchitecturesMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const { backend, error } = useTf();
  return (
    <article className="section recap">
      <h1>{tm('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
        <a href={hrefFor(recapArchitecturesMeta.path)}>{tNext('title')}</a>
      </div>
      {error && (
        <p className="error" role="alert">
          {t('errorNorms', { detail: error })}
        </p>
      )}
      <GradientSection state={state} setState={setState} backend={backend} t={t} />
      <TrainSection state={state} setState={setState} backend={backend} t={t} />
      <BnSection channel={state.ch} setChannel={(ch) => setState({ ch })} backend={backend} t={t} />
      <p>
        <a href={hrefFor(recapArchitecturesMeta.path)}>{t('toNext')}</a>
      </p>
    </article>
  );
}

type State = { [K in keyof typeof SCHEMA]: (typeof SCHEMA)[K]['default'] };
interface SectionProps {
  readonly state: State;
  readonly setState: (p: Partial<State>) => void;
  readonly backend: string | null;
  readonly t: T;
}

function GradientSection({ state, setState, backend, t }: SectionProps) {
  const [result, setResult] = useState<{ key: string; norms: Record<Variant, GradientNorms>; ms: number } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const key = `${state.depth}/${state.width}/${state.act}/${state.scale}/${state.seed}`;
  const chain = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    if (!backend) return;
    let live = true;
    const cfg = { depth: state.depth, width: state.width, activation: state.act, initScale: state.scale, seed: state.seed };
    chain.current = chain.current.then(async () => {
      if (!live) return;
      const t0 = performance.now();
      try {
        const norms = await gradientNormsByVariant(cfg);
        if (live) {
          setResult({ key, norms, ms: performance.now() - t0 });
          setErr(null);
        }
      } catch (e) {
        if (live) setErr(e instanceof Error ? e.message : String(e));
      }
    });
    return () => {
      live = false;
    };
  }, [backend, key, state.depth, state.width, state.act, state.scale, state.seed]);

  const ready = result?.key === key;
  const which = state.bias ? 'bias' : 'weight';
  const layers = useMemo(() => (result ? result.norms.plain[which].map((_, i) => i + 1) : []), [result, which]);
  const series = useMemo<Series[]>(
    () => (result ? VARIANTS.map((v) => ({ label: t(VARIANT_KEY[v]), color: VARIANT_COLOR[v], y: log10s(result.norms[v][which]) })) : []),
    [result, which, t],
  );
  const alt = result
    ? VARIANTS.map((v) => `${t(VARIANT_KEY[v])}: ${result.norms[v][which].map((x) => x.toExponential(1)).join(', ')}`).join('; ')
    : '';

  return (
    <section className="recap-section" aria-labelledby="grad-h" data-testid="gradients">
      <h2 id="grad-h">{t('gradH')}</h2>
      <p className="recap-explain">{t('gradOverview')}</p>
      <p className="recap-explain">{t('gradLayer')}</p>
      <Formula display tex={String.raw`\|\delta_1\| \le \prod_{l=2}^{L} \frac{\|W_l\|_2}{4}\,\|\delta_L\|,\qquad \sigma'(z)=\sigma(z)\,(1-\sigma(z))\le \tfrac14`} />
      <p className="recap-explain">{t('gradResidual')}</p>
      <Formula display tex={String.raw`y = f(w\cdot f(v\cdot x)) + x \;\Rightarrow\; \frac{\partial y}{\partial x} = I + \frac{\partial f(w\cdot f(v\cdot x))}{\partial x}`} />
      <div className="recap-presets" role="group" aria-label={t('presets')}>
        <span>{t('presets')}:</span>
        <button type="button" data-testid="preset-sigmoid" onClick={() => setState({ act: 'sigmoid', scale: 1, depth: 20 })}>
          {t('presetSigmoid')}
        </button>
        <button type="button" data-testid="preset-relu" onClick={() => setState({ act: 'relu', scale: 1.41, depth: 20 })}>
          {t('presetRelu')}
        </button>
        <button type="button" data-testid="preset-explode" onClick={() => setState({ act: 'relu', scale: 3, depth: 20 })}>
          {t('presetExplode')}
        </button>
      </div>
      <div className="recap-controls">
        <Slider label={t('depth')} value={state.depth} min={2} max={100} step={1} onChange={(v) => setState({ depth: v })} testId="depth-slider" />
        <Slider label={t('width')} value={state.width} min={4} max={64} step={4} onChange={(v) => setState({ width: v })} testId="width-slider" />
        <Slider label={t('initScale')} value={state.scale} min={0.1} max={4} step={0.01} onChange={(v) => setState({ scale: v })} format={(v) => v.toFixed(2)} hint={t('initHint')} testId="scale-slider" />
        <Slider label={t('seed')} value={state.seed} min={1} max={50} step={1} onChange={(v) => setState({ seed: v })} testId="seed-slider" />
        <fieldset>
          <legend>{t('activation')}</legend>
          {ACTIVATIONS.map((a) => (
            <label key={a} className="check">
              <input type="radio" name="recap-act" checked={state.act === a} onChange={() => setState({ act: a })} data-testid={`act-${a}`} /> {a === 'relu' ? 'ReLU' : a}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('tableTitle')}</legend>
          <label className="check">
            <input type="radio" name="recap-which" checked={!state.bias} onChange={() => setState({ bias: false })} data-testid="which-weight" /> ‖∂L/∂W_l‖
          </label>
          <label className="check">
            <input type="radio" name="recap-which" checked={state.bias} onChange={() => setState({ bias: true })} data-testid="which-bias" /> ‖∂L/∂b_l‖ (δ)
          </label>
        </fieldset>
      </div>
      <p role="status" className="model-status" data-testid="grad-status" data-ready={ready ? '1' : '0'} data-key={ready ? key : ''}>
        {!backend ? t('loading') : ready ? t('normsReady', { backend, ms: result.ms.toFixed(0) }) : t('computing')}
      </p>
      {err && (
        <p className="error" role="alert">
          {t('errorNorms', { detail: err })}
        </p>
      )}
      {result && (
        <>
          <h3>{t('chartTitle')}</h3>
          <LineChart x={layers} series={series} xLabel={t('layer')} yLabel={t('logNorm')} label={t('chartAlt', { values: alt })} height={260} testId="grad-chart" />
          <h3>{t('ratioTitle')}</h3>
          <ul data-testid="grad-ratios">
            {VARIANTS.map((v) => {
              const w = result.norms[v][which];
              const first = w[0]!;
              const last = w[w.length - 2]!;
              const orders = Math.log10(last / first);
              return (
                <li key={v} data-testid={`ratio-${v}`} data-orders={orders.toFixed(3)}>
                  {t('ratioLine', { variant: t(VARIANT_KEY[v]), first: fmtExp(first), last: fmtExp(last), ratio: fmtExp(first / last), orders: orders.toFixed(1) })} —{' '}
                  {orders > 2 ? t('verdictVanish') : orders < -2 ? t('verdictExplode') : t('verdictOk')}
                </li>
              );
            })}
          </ul>
          <h3>{t('tableTitle')}</h3>
          <div className="recap-table-wrap">
            <table className="recap-table" data-testid="grad-table">
              <TableHead columns={[t('colLayer'), ...VARIANTS.map((v) => t('colNorm', { variant: t(VARIANT_KEY[v]) }))]} />
              <tbody>
                {layers.map((l, i) => (
                  <tr key={l}>
                    <th scope="row">{i === layers.length - 1 ? `${l} (out)` : l}</th>
                    {VARIANTS.map((v) => (
                      <td key={v} data-testid={`norm-${v}-${l}`} data-value={result.norms[v][which][i]}>
                        {fmtExp(result.norms[v][which][i])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function TrainSection({ state, setState, backend, t }: SectionProps) {
  const [points, setPoints] = useState<TrainPoint[]>([]);
  const [phase, setPhase] = useState<'idle' | 'training' | 'done' | 'stopped'>('idle');
  const [err, setErr] = useState<string | null>(null);
  const [sec, setSec] = useState(0);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = () => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setPoints([]);
    setErr(null);
    setPhase('training');
    const t0 = performance.now();
    const acc: TrainPoint[] = [];
    trainVariants(
      { depth: state.depth, width: state.width, activation: state.act, initScale: state.scale, seed: state.seed },
      { steps: state.steps, lr: state.lr, every: EVERY, signal: ac.signal, onProgress: (p) => {
        acc.push(p);
        setPoints([...acc]);
      } },
    ).then(
      () => {
        setSec((performance.now() - t0) / 1000);
        setPhase(ac.signal.aborted ? 'stopped' : 'done');
      },
      (e: unknown) => {
        setErr(e instanceof Error ? e.message : String(e));
        setPhase('stopped');
      },
    );
  };

  const steps = useMemo(() => points.map((p) => p.step), [points]);
  const lossSeries = useMemo<Series[]>(() => VARIANTS.map((v) => ({ label: t(VARIANT_KEY[v]), color: VARIANT_COLOR[v], y: points.map((p) => p.loss[v]) })), [points, t]);
  const accSeries = useMemo<Series[]>(() => VARIANTS.map((v) => ({ label: t(VARIANT_KEY[v]), color: VARIANT_COLOR[v], y: points.map((p) => p.accuracy[v]) })), [points, t]);
  const last = points.at(-1);
  const values = (f: (v: Variant) => number) => VARIANTS.map((v) => `${t(VARIANT_KEY[v])} ${fmt3(f(v))}`).join(', ');

  return (
    <section className="recap-section" aria-labelledby="train-h" data-testid="train">
      <h2 id="train-h">{t('trainH')}</h2>
      <p className="recap-explain">{t('trainOverview', { n: SPIRAL_N })}</p>
      <div className="recap-controls">
        <Slider label={t('lr')} value={state.lr} min={0.001} max={2} step={0.001} onChange={(v) => setState({ lr: v })} format={(v) => v.toFixed(3)} testId="lr-slider" />
        <Slider label={t('steps')} value={state.steps} min={20} max={2000} step={10} onChange={(v) => setState({ steps: v })} testId="steps-slider" />
      </div>
      <div className="recap-buttons">
        <button type="button" onClick={start} disabled={!backend || phase === 'training'} data-testid="train-start">
          {t('start')}
        </button>
        <button type="button" onClick={() => abort.current?.abort()} disabled={phase !== 'training'} data-testid="train-stop">
          {t('stop')}
        </button>
        <span role="status" data-testid="train-status" data-phase={phase} data-step={last?.step ?? 0}>
          {phase === 'idle' && t('trainIdle', { every: EVERY })}
          {phase === 'training' && t('trainStatus', { step: last?.step ?? 0, total: state.steps })}
          {phase === 'done' && t('trainDone', { step: last?.step ?? 0, sec: sec.toFixed(1) })}
          {phase === 'stopped' && t('trainStopped', { step: last?.step ?? 0 })}
        </span>
      </div>
      {phase === 'training' && <progress max={state.steps} value={last?.step ?? 0} aria-label={t('trainStatus', { step: last?.step ?? 0, total: state.steps })} />}
      {err && (
        <p className="error" role="alert">
          {t('trainError', { detail: err })}
        </p>
      )}
      {points.length > 0 && (
        <>
          <div className="recap-charts">
            <div>
              <h3>{t('lossChart')}</h3>
              <LineChart x={steps} series={lossSeries} xLabel={t('step')} yLabel={t('lossChart')} label={t('lossAlt', { values: values((v) => last!.loss[v]) })} height={220} testId="loss-chart" />
            </div>
            <div>
              <h3>{t('accChart')}</h3>
              <LineChart x={steps} series={accSeries} xLabel={t('step')} yLabel={t('accChart')} yRange={[0, 1]} label={t('accAlt', { values: values((v) => last!.accuracy[v]) })} height={220} testId="acc-chart" />
            </div>
          </div>
          <h3>{t('resultTitle')}</h3>
          <table className="recap-table" data-testid="train-table">
            <TableHead columns={[t('colVariant'), t('colLoss'), t('colAcc')]} />
            <tbody>
              {VARIANTS.map((v) => (
                <tr key={v}>
                  <th scope="row">{t(VARIANT_KEY[v])}</th>
                  <td data-testid={`loss-${v}`}>{fmt3(last!.loss[v])}</td>
                  <td data-testid={`acc-${v}`}>
                    {fmt3(last!.accuracy[v])}
                    {v === 'bn' ? ` (${fmt3(last!.inferenceAccuracy[v])})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('chance')}</p>
        </>
      )}
    </section>
  );
}

function BnSection({ channel, setChannel, backend, t }: { channel: number; setChannel: (c: number) => void; backend: string | null; t: T }) {
  const [r, setR] = useState<BnExampleResult | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    if (!backend) return;
    let live = true;
    runBnExample(LECTURE_BN).then(
      (res) => live && setR(res),
      (e: unknown) => live && setErr(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const derived = useMemo(() => {
    if (!r) return null;
    const c = r.shape[3];
    const ref = batchStats(r.conv, c);
    const after = batchStats(r.normalized, c);
    let diff = 0;
    for (let i = 0; i < c; i++) diff = Math.max(diff, Math.abs(ref.mean[i]! - r.mean[i]!), Math.abs(ref.variance[i]! - r.variance[i]!) / ref.variance[i]!);
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    return { ref, after, diff, trainDiff: maxDiff(r.image0TrainA, r.image0TrainB), inferDiff: maxDiff(r.image0Infer, r.image0TrainA) };
  }, [r]);

  const hist = useMemo(() => {
    if (!r) return null;
    const c = r.shape[3];
    const pick = (d: Float32Array) => d.filter((_, i) => i % c === channel);
    const before = pick(r.conv);
    const after = pick(r.normalized);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of [...before, ...after]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const bins = 40;
    const hb = histogram(before, bins, lo, hi);
    const ha = histogram(after, bins, lo, hi);
    const x = Array.from({ length: bins }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / bins);
    return { x, before: Array.from(hb.counts), after: Array.from(ha.counts) };
  }, [r, channel]);

  return (
    <section className="recap-section" aria-labelledby="bn-h" data-testid="bn">
      <h2 id="bn-h">{t('bnH')}</h2>
      <p className="recap-explain">{t('bnOverview')}</p>
      <Formula display tex={String.raw`\mu_c = \frac{1}{NHW}\sum_{n,i,j} x_{n,i,j,c},\quad \sigma_c^2 = \frac{1}{NHW}\sum_{n,i,j}(x_{n,i,j,c}-\mu_c)^2,\quad y = \gamma_c\frac{x-\mu_c}{\sqrt{\sigma_c^2+\varepsilon}}+\beta_c`} />
      {err && (
        <p className="error" role="alert">
          {t('bnError', { detail: err })}
        </p>
      )}
      {!r && !err && <p role="status">{t('loading')}</p>}
      {r && derived && hist && (
        <>
          <p data-testid="bn-computed">
            {t('bnComputed', { shape: r.shape.join('×'), c: r.shape[3], count: bnStatShape(r.shape).valuesPerStat, diff: derived.diff.toExponential(1) })}
          </p>
          <Slider label={t('bnChannel')} value={channel} min={0} max={r.shape[3] - 1} step={1} onChange={setChannel} testId="bn-channel" />
          <h3>{t('bnHistTitle', { c: channel })}</h3>
          <LineChart
            x={hist.x}
            series={[
              { label: t('bnBefore'), color: '#b3261e', y: hist.before, stepped: true, fill: true },
              { label: t('bnAfter'), color: '#0b5cad', y: hist.after, stepped: true, fill: true },
            ]}
            xLabel={t('value')}
            yLabel={t('count')}
            label={t('bnHistAlt', { c: channel, m1: fmt3(r.mean[channel]), v1: fmt3(r.variance[channel]), m2: fmt3(derived.after.mean[channel]), v2: fmt3(derived.after.variance[channel]) })}
            height={220}
            testId="bn-hist"
          />
          <h3>{t('bnTable')}</h3>
          <div className="recap-table-wrap">
            <table className="recap-table" data-testid="bn-table">
              <TableHead columns={[t('colFilter'), t('colMean'), t('colVar'), t('colRunMean'), t('colRunVar'), t('colAfterMean'), t('colAfterVar')]} />
              <tbody>
                {Array.from(r.mean, (m, c) => (
                  <tr key={c} aria-current={c === channel ? 'true' : undefined}>
                    <th scope="row">{c}</th>
                    <td data-testid={`bn-mean-${c}`}>{fmt3(m)}</td>
                    <td>{fmt3(r.variance[c])}</td>
                    <td>{fmt3(r.runningMean[c])}</td>
                    <td>{fmt3(r.runningVariance[c])}</td>
                    <td>{fmt3(Math.abs(derived.after.mean[c]!) < 5e-4 ? 0 : derived.after.mean[c])}</td>
                    <td>{fmt3(derived.after.variance[c])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('bnModesTitle')}</h3>
          <p className="recap-explain" data-testid="bn-modes">
            {t('bnModes', { trainDiff: fmt3(derived.trainDiff), inferDiff: fmt3(derived.inferDiff), k: LECTURE_BN.runningBatches })}
          </p>
          <p className="hint">{t('bnDeep')}</p>
        </>
      )}
    </section>
  );
}
