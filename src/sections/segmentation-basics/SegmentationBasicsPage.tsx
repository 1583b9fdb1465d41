import { useMemo } from 'react';
import { replaceQuery, useRoute } from '../../app/router';
import { NET_IDS } from '../../core/architectures';
import type { Padding } from '../../core/convArithmetic';
import { bool, num, oneOf, readState, writeState } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { BackendPicker } from '../../ui/BackendPicker';
import { Slider } from '../../ui/Slider';
import { ArchitectureExplorer } from './ArchitectureExplorer';
import { ConvLab } from './ConvLab';
import { DilationSection } from './DilationSection';
import { segmentationBasicsMeta } from './meta';
import { PyramidSection } from './PyramidSection';
import { basicsTexts } from './texts';
import { backendName } from '../../ui/ModelStatus';
import { useTfCheck } from './useBackend';
import { useRuntime } from '../../ui/useRuntime';
import './basics.css';

/** Every control of the page, in the URL (`#/segmentation/basics?mode=tconv&s=2&net=fcn8s`). */
const SCHEMA = {
  mode: oneOf(['conv', 'tconv'] as const, 'conv'),
  i: num(5, 3, 8, true),
  k: num(3, 1, 5, true),
  s: num(1, 1, 3, true),
  d: num(1, 1, 3, true),
  pad: oneOf(['valid', 'same', 'explicit'] as const, 'valid'),
  p: num(1, 0, 3, true),
  a: num(0, 0, 2, true),
  seed: num(1, 1, 9999, true),
  rate: num(2, 1, 4, true),
  layers: num(4, 1, 8, true),
  net: oneOf(NET_IDS, 'unet'),
  h: num(572, 64, 1024, true),
  w: num(572, 64, 1024, true),
  variant: oneOf(['paper', 'modern'] as const, 'paper'),
  os: oneOf(['16', '8'] as const, '16'),
  /** The conv grids also computed by tf.conv2d / tf.conv2dTranspose (loads tfjs): asked for, not on open. */
  tf: bool(false),
};

type State = { [K in keyof typeof SCHEMA]: (typeof SCHEMA)[K]['default'] };

export default function SegmentationBasicsPage() {
  const t = useT(basicsTexts);
  const tMeta = useT(segmentationBasicsMeta.texts);
  const { query } = useRoute();
  const queryString = query.toString();
  const state = useMemo(() => readState(SCHEMA, new URLSearchParams(queryString)), [queryString]);
  const setState = (patch: Partial<State>) => replaceQuery(writeState(SCHEMA, { ...state, ...patch }, new URLSearchParams(queryString)));
  const backend = useTfCheck(state.tf);
  const active = useRuntime().backend?.active ?? null;

  const tconv = state.mode === 'tconv';
  // tf.conv2d: stride and dilation cannot both exceed 1; conv2dTranspose has no dilation.
  const d = tconv ? 1 : state.d;
  const s = d > 1 ? 1 : state.s;
  const pad: Padding = state.pad === 'explicit' ? state.p : state.pad;
  const a = tconv ? Math.min(state.a, s - 1) : 0;

  return (
    <article className="section segmentation-basics">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="toolbar">
        <BackendPicker />
      </div>

      <section aria-labelledby="conv-h" className="basics-section">
        <h2 id="conv-h">{t('convH')}</h2>
        <p>{t('convIntro')}</p>
        <fieldset className="conv-controls">
          <legend>{t('mode')}</legend>
          <div role="radiogroup" aria-label={t('mode')} className="radios inline">
            {(['conv', 'tconv'] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="conv-mode" checked={state.mode === m} onChange={() => setState({ mode: m })} data-testid={`mode-${m}`} />{' '}
                {m === 'conv' ? t('modeConv') : t('modeTconv')}
              </label>
            ))}
          </div>
          <Slider label={t('inputSize')} value={state.i} min={3} max={8} step={1} onChange={(v) => setState({ i: v })} testId="i-slider" />
          <Slider label={t('kernelSize')} value={state.k} min={1} max={5} step={1} onChange={(v) => setState({ k: v })} testId="k-slider" />
          <Slider label={t('stride')} value={s} min={1} max={3} step={1} onChange={(v) => setState({ s: v, d: v > 1 ? 1 : state.d })} testId="s-slider" />
          {!tconv && (
            <Slider
              label={t('dilation')}
              value={d}
              min={1}
              max={3}
              step={1}
              onChange={(v) => setState({ d: v })}
              testId="d-slider"
              hint={d > 1 && state.s > 1 ? t('dilationNote') : undefined}
            />
          )}
          <div role="radiogroup" aria-label={t('padding')} className="radios inline">
            <span>{t('padding')}</span>
            {(['valid', 'same', 'explicit'] as const).map((p) => (
              <label key={p}>
                <input type="radio" name="conv-pad" checked={state.pad === p} onChange={() => setState({ pad: p })} data-testid={`pad-${p}`} />{' '}
                {p === 'valid' ? t('padValid') : p === 'same' ? t('padSame') : t('padExplicit')}
              </label>
            ))}
          </div>
          {state.pad === 'explicit' && <Slider label={t('padP')} value={state.p} min={0} max={3} step={1} onChange={(v) => setState({ p: v })} testId="p-slider" />}
          {tconv && s > 1 && <Slider label={t('outputPadding')} value={a} min={0} max={s - 1} step={1} onChange={(v) => setState({ a: v })} testId="a-slider" />}
          <div className="seed-row">
            <span>
              {t('seed')}: <output data-testid="seed">{state.seed}</output>
            </span>
            <button type="button" onClick={() => setState({ seed: (state.seed * 48271) % 9973 || 1 })} data-testid="randomize">
              {t('randomize')}
            </button>
          </div>
        </fieldset>
        <ConvLab cfg={{ mode: state.mode, i: state.i, k: state.k, s, pad, d, a, seed: state.seed }} backend={backend} prefix="conv" />
        {backend ? (
          <p className="hint">{t('tfNote', { op: tconv ? 'tf.conv2dTranspose' : 'tf.conv2d', backend: backendName(backend) })}</p>
        ) : (
          <p className="hint" data-testid="engine-note">
            {t('engineNote')}{' '}
            {state.tf ? (
              <span role="status">{t('tfLoading')}</span>
            ) : (
              <button type="button" data-testid="tf-check" onClick={() => setState({ tf: true })}>
                {t('tfCheck', { op: tconv ? 'tf.conv2dTranspose' : 'tf.conv2d' })}
              </button>
            )}
          </p>
        )}
      </section>

      <DilationSection
        rate={state.rate}
        layers={state.layers}
        seed={state.seed}
        backend={backend}
        onRate={(v) => setState({ rate: v })}
        onLayers={(v) => setState({ layers: v })}
      />

      <PyramidSection backend={active} />

      <ArchitectureExplorer state={{ net: state.net, h: state.h, w: state.w, variant: state.variant, os: state.os }} onChange={(p) => setState(p)} />
    </article>
  );
}
