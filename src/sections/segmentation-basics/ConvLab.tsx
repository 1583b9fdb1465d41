/**
 * Convolution / transposed convolution on small grids: numbers and geometry (which cells meet, output
 * sizes, stamp overlaps) from src/core/convArithmetic; with `backend` set (the user asked for the tf
 * check) the numbers come from tf.conv2d / tf.conv2dTranspose (src/models/convOps, imported on demand)
 * and their largest difference from the engine's is shown.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  conv2dRef,
  conv2dTransposeRef,
  convAxis,
  convTaps,
  effectiveKernel,
  hasCheckerboard,
  overlapMap,
  randomInts,
  stampTaps,
  transposedAxis,
  transposedIsConsistent,
  type AxisGeometry,
  type Padding,
} from '../../core/convArithmetic';
import { useT } from '../../i18n/LangContext';
import { Formula } from '../../ui/Formula';
import { backendName } from '../../ui/ModelStatus';
import { NumGrid, type CellInfo } from './NumGrid';
import { basicsTexts } from './texts';

export interface ConvConfig {
  readonly mode: 'conv' | 'tconv';
  readonly i: number;
  readonly k: number;
  readonly s: number;
  readonly pad: Padding;
  readonly d: number;
  /** Output padding (transposed only). */
  readonly a: number;
  readonly seed: number;
}

interface Values {
  readonly key: string;
  readonly x: readonly number[];
  readonly w: readonly number[];
}

type Hover = { readonly where: 'in' | 'out'; readonly r: number; readonly c: number } | null;

export function ConvLab({ cfg, backend, prefix }: { cfg: ConvConfig; backend: string | null; prefix: string }) {
  const t = useT(basicsTexts);
  const { mode, i, k, s, pad, d, a, seed } = cfg;
  const valuesKey = `${i}|${k}|${seed}`;
  const [edits, setEdits] = useState<Values | null>(null);
  const values: Values = useMemo(
    () => (edits && edits.key === valuesKey ? edits : { key: valuesKey, x: randomInts(seed, i * i, 0, 9), w: randomInts(seed * 7919 + 1, k * k, -1, 2) }),
    [edits, valuesKey, seed, i, k],
  );
  const g: AxisGeometry = mode === 'conv' ? convAxis(i, k, s, pad, d) : transposedAxis(i, k, s, pad, a);
  const ok = mode === 'conv' ? g.output > 0 : transposedIsConsistent(g);
  const o = Math.max(0, g.output);
  const runKey = `${mode}|${i}|${k}|${s}|${String(pad)}|${d}|${a}|${values.x.join(',')}|${values.w.join(',')}|${backend ?? ''}`;

  const [result, setResult] = useState<{ key: string; y: Float32Array } | { key: string; error: string } | null>(null);
  useEffect(() => {
    if (!backend || !ok) return;
    let live = true;
    // tfjs only now: the page opens without it
    const run = import('../../models/convOps').then(({ tfConv, tfConvTranspose }) =>
      mode === 'conv' ? tfConv(values.x, i, values.w, k, s, pad, d) : tfConvTranspose(values.x, transposedAxis(i, k, s, pad, a), values.w, pad),
    );
    run.then(
      (y) => live && setResult({ key: runKey, y }),
      (e: unknown) => live && setResult({ key: runKey, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [runKey, ok, backend, mode, values, i, k, s, pad, d, a]);
  const current = backend && result && result.key === runKey ? result : null;
  const tfY = current && 'y' in current ? current.y : null;
  // at most 11×11 outputs of ≤ 25 taps: recomputed each render
  const engineY = !ok ? null : mode === 'conv' ? conv2dRef(values.x, g, values.w) : conv2dTransposeRef(values.x, g, values.w);
  const y: ArrayLike<number> | null = backend ? tfY : engineY;
  let maxDiff = 0;
  if (tfY && engineY) for (let j = 0; j < engineY.length; j++) maxDiff = Math.max(maxDiff, Math.abs((tfY[j] ?? NaN) - engineY[j]!));

  const [hover, setHover] = useState<Hover>(null);
  const hoverOut = (cell: CellInfo | null) => setHover(cell && { where: 'out', ...cell });
  const hoverIn = (cell: CellInfo | null) => setHover(cell && { where: 'in', ...cell });

  const edit = (which: 'x' | 'w', idx: number, v: number) => {
    const next = { key: valuesKey, x: [...values.x], w: [...values.w] };
    next[which][idx] = Math.max(-99, Math.min(99, Math.round(v)));
    setEdits(next);
  };

  // --- highlights ---
  const pb = mode === 'conv' ? g.padBefore : 0;
  const pa = mode === 'conv' ? g.padAfter : 0;
  const inRows = i + pb + pa;
  const inHl = new Set<string>();
  const outHl = new Set<string>();
  const kHl = new Set<string>();
  let hoverText = '';
  if (hover && ok) {
    if (mode === 'conv' && hover.where === 'out') {
      const tr = convTaps(g, hover.r);
      const tc = convTaps(g, hover.c);
      for (const a1 of tr) for (const b1 of tc) {
        inHl.add(`${a1.at + pb},${b1.at + pb}`);
        kHl.add(`${a1.tap},${b1.tap}`);
      }
      hoverText = t('hoverConv', { r: hover.r, c: hover.c, n: tr.length * tc.length });
    } else if (mode === 'conv' && hover.where === 'in') {
      const r = hover.r - pb;
      const c = hover.c - pb;
      for (let orow = 0; orow < o; orow++) for (let ocol = 0; ocol < o; ocol++) {
        if (convTaps(g, orow).some((q) => q.at === r) && convTaps(g, ocol).some((q) => q.at === c)) outHl.add(`${orow},${ocol}`);
      }
    } else if (mode === 'tconv' && hover.where === 'in') {
      const tr = stampTaps(g, hover.r);
      const tc = stampTaps(g, hover.c);
      for (const a1 of tr) for (const b1 of tc) {
        outHl.add(`${a1.at},${b1.at}`);
        kHl.add(`${a1.tap},${b1.tap}`);
      }
      const v = values.x[hover.r * i + hover.c] ?? 0;
      hoverText = t('hoverStamp', { r: hover.r, c: hover.c, v, n: tr.length * tc.length });
    } else if (mode === 'tconv' && hover.where === 'out') {
      let n = 0;
      for (let r = 0; r < i; r++) for (let c = 0; c < i; c++) {
        if (stampTaps(g, r).some((q) => q.at === hover.r) && stampTaps(g, c).some((q) => q.at === hover.c)) {
          inHl.add(`${r},${c}`);
          n++;
        }
      }
      hoverText = t('hoverTout', { r: hover.r, c: hover.c, n });
    }
  }

  // --- formula ---
  const ke = effectiveKernel(k, mode === 'conv' ? d : 1);
  const pNum = typeof pad === 'number' ? pad : 0;
  let tex: string;
  if (mode === 'conv') {
    const keTex = d > 1 ? `,\\quad k_e = k + (k-1)(d-1) = ${k} + ${k - 1}\\cdot${d - 1} = ${ke}` : '';
    tex =
      pad === 'same'
        ? `o = \\left\\lceil \\frac{i}{s} \\right\\rceil = \\left\\lceil \\frac{${i}}{${s}} \\right\\rceil = ${g.output}${keTex}`
        : `o = \\left\\lfloor \\frac{i + 2p - k${d > 1 ? '_e' : ''}}{s} \\right\\rfloor + 1 = \\left\\lfloor \\frac{${i} + 2\\cdot ${pNum} - ${ke}}{${s}} \\right\\rfloor + 1 = ${g.output}${keTex}`;
  } else {
    tex =
      pad === 'same'
        ? `o = s\\cdot i + a = ${s}\\cdot ${i} + ${a} = ${g.output}`
        : `o = s(i - 1) + k - 2p + a = ${s}(${i} - 1) + ${k} - 2\\cdot ${pNum} + ${a} = ${g.output}`;
  }

  const overlap = mode === 'tconv' && ok ? overlapMap(g) : null;
  const fmtV = (v: number | null) => (v === null ? '…' : String(Number(v.toFixed(2))));

  return (
    <div className="conv-lab" data-testid={`${prefix}-lab`} data-source={backend ? (tfY ? 'tf' : '') : 'engine'}>
      <div className="formula-line" data-testid={`${prefix}-formula`}>
        <span>{mode === 'conv' ? t('formulaConv') : t('formulaTconv')}: </span>
        <Formula tex={tex} />
        {pad === 'same' && <small className="hint">{t('samePads', { before: g.padBefore, after: g.padAfter })}</small>}
      </div>
      <p>
        {t('output')}:{' '}
        <strong data-testid={`${prefix}-output-size`} data-size={o}>
          {o}×{o}
        </strong>
      </p>
      {!ok && (
        <p className="error" role="alert" data-testid={`${prefix}-error`}>
          {mode === 'conv' ? t('tooSmall', { ke, i }) : t('inconsistent')}
        </p>
      )}
      {current && 'error' in current && (
        <p className="error" role="alert">
          {t('tfError', { detail: current.error })}
        </p>
      )}
      <div className="grids">
        <NumGrid
          rows={inRows}
          cols={inRows}
          caption={t('input')}
          testId={`${prefix}-input`}
          value={(r, c) => {
            const rr = r - pb;
            const cc = c - pb;
            return rr < 0 || cc < 0 || rr >= i || cc >= i ? 0 : (values.x[rr * i + cc] ?? 0);
          }}
          faded={(r, c) => r < pb || c < pb || r >= pb + i || c >= pb + i}
          editable={(r, c) => r >= pb && c >= pb && r < pb + i && c < pb + i && hover === null}
          onEdit={(r, c, v) => edit('x', (r - pb) * i + (c - pb), v)}
          highlighted={(r, c) => inHl.has(`${r},${c}`)}
          label={(r, c, v) => (r < pb || c < pb || r >= pb + i || c >= pb + i ? t('cellPad', { r: r - pb, c: c - pb }) : t('cellIn', { r: r - pb, c: c - pb, v: fmtV(v) }))}
          onHover={hoverIn}
          digits={0}
        />
        <span className="op-sign" aria-hidden="true">
          {mode === 'conv' ? '∗' : '⊛ᵀ'}
        </span>
        <NumGrid
          rows={k}
          cols={k}
          caption={d > 1 && mode === 'conv' ? `${t('kernel')} (d = ${d})` : t('kernel')}
          testId={`${prefix}-kernel`}
          value={(r, c) => values.w[r * k + c] ?? 0}
          editable={() => hover === null}
          onEdit={(r, c, v) => edit('w', r * k + c, v)}
          highlighted={(r, c) => kHl.has(`${r},${c}`)}
          label={(r, c, v) => `${t('kernel')} (${r}, ${c}) = ${fmtV(v)}`}
          digits={0}
        />
        <span className="op-sign" aria-hidden="true">
          =
        </span>
        {ok && (
          <NumGrid
            rows={o}
            cols={o}
            caption={t('output')}
            testId={`${prefix}-output`}
            value={(r, c) => (y ? (y[r * o + c] ?? 0) : null)}
            heat
            highlighted={(r, c) => outHl.has(`${r},${c}`)}
            label={(r, c, v) => t('cellOut', { r, c, v: fmtV(v) })}
            onHover={hoverOut}
          />
        )}
      </div>
      <p className="hint" aria-live="polite" data-testid={`${prefix}-hover`}>
        {hoverText || t('editHint')}
      </p>
      {!y && ok && <p role="status">{t('computing')}</p>}
      {tfY && engineY && backend && (
        <p className="hint" data-testid={`${prefix}-tf-check`} data-maxdiff={maxDiff}>
          {t(maxDiff <= 1e-3 ? 'tfAgree' : 'tfDisagree', { op: mode === 'conv' ? 'tf.conv2d' : 'tf.conv2dTranspose', backend: backendName(backend), diff: Number(maxDiff.toPrecision(2)) })}
        </p>
      )}
      {overlap && (
        <div className="overlap" data-testid={`${prefix}-overlap`}>
          <h4>{t('overlap')}</h4>
          <p className={hasCheckerboard(k, s) ? 'notice' : 'hint'}>{hasCheckerboard(k, s) ? t('overlapUneven', { k, s }) : t('overlapEven')}</p>
          <NumGrid rows={o} cols={o} caption={t('overlap')} value={(r, c) => overlap[r * o + c] ?? 0} heat label={(r, c, v) => `(${r}, ${c}): ${v ?? 0}`} digits={0} />
          <p className="hint">{t('overlapNote')}</p>
        </div>
      )}
    </div>
  );
}
