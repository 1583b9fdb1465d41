/**
 * The trained CNN + GRU captioner on the page: a scene composer (shapes, colours, relation, layout
 * seed) whose scene the network captions, the honest run on the user's photo, and the decoding view
 * (greedy or beam, step by step, with each step's top-k probabilities).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Beam, WordProb } from '../../core/captions/gruDecode';
import {
  decodeTokens, parseSceneSentence, SCENE_COLORS, SCENE_RELATIONS, SCENE_SHAPES, SCENE_VOCAB, sceneFromSpec, sceneSentenceRu, WORD_GLOSS_RU,
  type SceneColor, type SceneRelation, type SceneShape, type SceneSpec,
} from '../../core/captions/synthScenes';
import { useLang, useT } from '../../i18n/LangContext';
import type { CaptionerAdapter, CaptionerResult } from '../../models/captioner';
import { Slider } from '../../ui/Slider';
import { trainedTexts } from './trainedTexts';

export interface DecodeState {
  readonly dec: 'greedy' | 'beam';
  readonly bw: number;
  readonly tk: number;
  /** Step shown (1-based); beyond the last step = all. */
  readonly st: number;
}

export interface SceneState {
  readonly ca: SceneColor;
  readonly sa: SceneShape;
  readonly rel: SceneRelation;
  readonly cb: SceneColor;
  readonly sb: SceneShape;
  readonly seed: number;
}

const RU_COLOR: Record<SceneColor, string> = { red: 'красный', green: 'зелёный', blue: 'синий', yellow: 'жёлтый' };
const RU_SHAPE: Record<SceneShape, string> = { circle: 'круг', square: 'квадрат', triangle: 'треугольник' };
const RU_REL: Record<SceneRelation, string> = { left: 'слева от', right: 'справа от', above: 'над', below: 'под' };
const EN_REL: Record<SceneRelation, string> = { left: 'to the left of', right: 'to the right of', above: 'above', below: 'below' };

/** RGBA pixels drawn enlarged without smoothing. */
export function PixelCanvas({ rgba, size, scale, label, testId }: { rgba: Uint8ClampedArray; size: number; scale: number; label: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const tmp = document.createElement('canvas');
    tmp.width = size;
    tmp.height = size;
    tmp.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.drawImage(tmp, 0, 0, size * scale, size * scale);
  }, [rgba, size, scale]);
  return <canvas ref={ref} width={size * scale} height={size * scale} role="img" aria-label={label} data-testid={testId} className="pixel-canvas" />;
}

const word = (id: number, lang: string) => (lang === 'ru' ? `${SCENE_VOCAB[id]} (${WORD_GLOSS_RU[SCENE_VOCAB[id]!]})` : SCENE_VOCAB[id]!);
const fmtTop = (top: readonly WordProb[]) => top.map((w) => `${SCENE_VOCAB[w.id]} ${w.p.toFixed(3)}`).join(', ');

/** Greedy or beam decoding, step by step. */
export function DecodeView({ result, state, onState, testId }: { result: CaptionerResult; state: DecodeState; onState: (s: Partial<DecodeState>) => void; testId: string }) {
  const t = useT(trainedTexts);
  const lang = useLang();
  const g = result.greedy;
  const b = result.beam;
  const n = state.dec === 'greedy' ? g.steps.length : b.steps.length;
  const st = Math.min(state.st, n);
  return (
    <div className="decode-view" data-testid={testId}>
      <fieldset className="decode-controls">
        <legend>{t('decodeH')}</legend>
        <label>
          <input type="radio" name={`${testId}-dec`} checked={state.dec === 'greedy'} onChange={() => onState({ dec: 'greedy' })} data-testid={`${testId}-greedy`} /> {t('greedy')}
        </label>{' '}
        <label>
          <input type="radio" name={`${testId}-dec`} checked={state.dec === 'beam'} onChange={() => onState({ dec: 'beam' })} data-testid={`${testId}-beam`} /> {t('beam')}
        </label>
        <Slider label={t('beamWidth')} value={state.bw} min={1} max={5} step={1} onChange={(v) => onState({ bw: v })} testId={`${testId}-bw`} />
        <Slider label={t('topK')} value={state.tk} min={1} max={5} step={1} onChange={(v) => onState({ tk: v })} testId={`${testId}-tk`} />
        <div className="step-buttons">
          <button type="button" onClick={() => onState({ st: Math.max(1, st - 1) })} disabled={st <= 1} data-testid={`${testId}-prev`}>{t('prev')}</button>{' '}
          <span data-testid={`${testId}-step`}>{t('step')} {st} / {n}</span>{' '}
          <button type="button" onClick={() => onState({ st: Math.min(n, st + 1) })} disabled={st >= n} data-testid={`${testId}-next`}>{t('next')}</button>
        </div>
      </fieldset>
      {state.dec === 'greedy' ? (
        <>
          <p>
            {t('soFar')}: <strong lang="en" data-testid={`${testId}-sofar`}>{decodeTokens(g.tokens.slice(0, st)) || '…'}</strong>
          </p>
          <div className="table-scroll">
            <table className="detections">
              <thead>
                <tr>
                  <th scope="col">{t('colStep')}</th>
                  <th scope="col">{t('colWord')}</th>
                  <th scope="col">{t('colP')}</th>
                  <th scope="col">{t('colTop')}</th>
                </tr>
              </thead>
              <tbody>
                {g.steps.slice(0, st).map((s, i) => (
                  <tr
                    key={i}
                    data-testid={`${testId}-row`}
                    data-word={SCENE_VOCAB[s.id]}
                    data-top={JSON.stringify(s.top.map((w) => [SCENE_VOCAB[w.id], w.p]))}
                    className={i === st - 1 ? 'current' : undefined}
                  >
                    <td>{i + 1}</td>
                    <td lang="en">{word(s.id, lang)}</td>
                    <td>{s.p.toFixed(3)}</td>
                    <td lang="en">{fmtTop(s.top)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <>
          {b.steps[st - 1] && (
            <div className="table-scroll">
              <table className="detections">
                <caption>{t('beamIn', { t: st })}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('soFar')}</th>
                    <th scope="col">log p</th>
                    <th scope="col">{t('beamNext')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.steps[st - 1]!.beams.map((beam, i) => (
                    <tr key={i} data-testid={`${testId}-beamrow`}>
                      <td>{i + 1}</td>
                      <td lang="en">{beamText(beam) || '‹start›'}</td>
                      <td>{beam.logProb.toFixed(3)}</td>
                      <td lang="en">{beam.done ? t('beamDone') : fmtTop(b.steps[st - 1]!.next[i] ?? [])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p data-testid={`${testId}-beamfinal`} data-logp={b.best.logProb} data-greedy-logp={g.logProb}>
            {t('beamFinal', { s: b.sentence, lp: b.best.logProb.toFixed(3), lpg: g.logProb.toFixed(3) })}
          </p>
        </>
      )}
    </div>
  );
}

function beamText(b: Beam): string {
  return decodeTokens(b.tokens) + (b.done ? ' ‹end›' : '');
}

/** The sentence in the page's language (Russian rendered from the parse when it is a grammar sentence). */
export function SaidSentence({ result, beam, testId }: { result: CaptionerResult; beam: boolean; testId: string }) {
  const lang = useLang();
  const en = beam ? result.beam.sentence : result.greedy.sentence;
  const ru = beam ? result.ru.beam : result.ru.greedy;
  return (
    <p className="caption-out" data-testid={testId} data-en={en}>
      {lang === 'ru' && ru ? <span lang="ru">{ru}</span> : <span lang="en">{en}</span>}
      {lang === 'ru' && <small className="hint" lang="en"> ({en})</small>}
    </p>
  );
}

export function SceneComposer({
  adapter, scene: s, onScene, decode, onDecode,
}: {
  adapter: CaptionerAdapter | null;
  scene: SceneState;
  onScene: (s: Partial<SceneState>) => void;
  decode: DecodeState;
  onDecode: (s: Partial<DecodeState>) => void;
}) {
  const t = useT(trainedTexts);
  const lang = useLang();
  const spec = useMemo<SceneSpec>(() => ({ a: { color: s.ca, shape: s.sa }, relation: s.rel, b: { color: s.cb, shape: s.sb } }), [s.ca, s.sa, s.rel, s.cb, s.sb]);
  const scene = useMemo(() => sceneFromSpec(spec, s.seed), [spec, s.seed]);
  const [res, setRes] = useState<{ key: typeof scene; r: CaptionerResult } | null>(null);
  const opts = useMemo(() => ({ beam: decode.bw, topK: decode.tk }), [decode.bw, decode.tk]);
  useEffect(() => {
    if (!adapter) return;
    let live = true;
    void adapter.run({ width: scene.width, height: scene.height, data: scene.rgba }, opts).then((r) => live && setRes({ key: scene, r: r.result }));
    return () => {
      live = false;
    };
  }, [adapter, scene, opts]);
  const result = res && res.key === scene ? res.r : null;
  const said = result ? (decode.dec === 'beam' ? result.beam.sentence : result.greedy.sentence) : null;
  const random = () => {
    const r = (n: number) => Math.floor(Math.random() * n);
    const ca = SCENE_COLORS[r(4)]!;
    const sa = SCENE_SHAPES[r(3)]!;
    let cb = SCENE_COLORS[r(4)]!;
    let sb = SCENE_SHAPES[r(3)]!;
    while (cb === ca && sb === sa) {
      cb = SCENE_COLORS[r(4)]!;
      sb = SCENE_SHAPES[r(3)]!;
    }
    onScene({ ca, sa, cb, sb, rel: SCENE_RELATIONS[r(4)]!, seed: 1 + r(999) });
  };
  const colorName = (c: SceneColor) => (lang === 'ru' ? RU_COLOR[c] : c);
  const shapeName = (c: SceneShape) => (lang === 'ru' ? RU_SHAPE[c] : c);
  const pick = (which: 'a' | 'b') => (
    <span className="scene-object">
      <select aria-label={`${which === 'a' ? t('objectA') : t('objectB')}: colour`} value={which === 'a' ? s.ca : s.cb} onChange={(e) => onScene(which === 'a' ? { ca: e.currentTarget.value as SceneColor } : { cb: e.currentTarget.value as SceneColor })} data-testid={`scene-c${which}`}>
        {SCENE_COLORS.map((c) => <option key={c} value={c}>{colorName(c)}</option>)}
      </select>{' '}
      <select aria-label={`${which === 'a' ? t('objectA') : t('objectB')}: shape`} value={which === 'a' ? s.sa : s.sb} onChange={(e) => onScene(which === 'a' ? { sa: e.currentTarget.value as SceneShape } : { sb: e.currentTarget.value as SceneShape })} data-testid={`scene-s${which}`}>
        {SCENE_SHAPES.map((c) => <option key={c} value={c}>{shapeName(c)}</option>)}
      </select>
    </span>
  );
  return (
    <div className="scene-composer">
      <h3>{t('sceneH')}</h3>
      <div className="scene-controls">
        <label>{t('objectA')}: {pick('a')}</label>
        <label>
          {t('relation')}:{' '}
          <select value={s.rel} onChange={(e) => onScene({ rel: e.currentTarget.value as SceneRelation })} data-testid="scene-rel">
            {SCENE_RELATIONS.map((r) => <option key={r} value={r}>{lang === 'ru' ? RU_REL[r] : EN_REL[r]}</option>)}
          </select>
        </label>
        <label>{t('objectB')}: {pick('b')}</label>
        <Slider label={t('layout')} value={s.seed} min={1} max={999} step={1} onChange={(v) => onScene({ seed: v })} testId="scene-seed" />
        <button type="button" onClick={random} data-testid="scene-random">{t('random')}</button>
      </div>
      <div className="scene-row">
        <PixelCanvas rgba={scene.rgba} size={scene.width} scale={5} label={t('sceneCanvas')} testId="scene-canvas" />
        <div>
          <p>
            {t('truth')}:{' '}
            <span data-testid="scene-truth" lang={lang}>
              {lang === 'ru' ? `${sceneSentenceRu(spec)} / ${scene.captions.join(' / ')}` : scene.captions.join(' / ')}
            </span>
          </p>
          {!adapter && <p role="status">{t('loading')}</p>}
          {result && said !== null && (
            <>
              <p>{t('said')}:</p>
              <SaidSentence result={result} beam={decode.dec === 'beam'} testId="scene-said" />
              <p data-testid="scene-verdict" data-correct={String(scene.captions.includes(said))}>
                {scene.captions.includes(said) ? `✓ ${t('correct')}` : `✗ ${t('wrong')}`}
                {parseSceneSentence(said) === null && ` (${t('notGrammar')})`}
              </p>
            </>
          )}
        </div>
      </div>
      {result && <DecodeView result={result} state={decode} onState={onDecode} testId="scene-decode" />}
    </div>
  );
}
