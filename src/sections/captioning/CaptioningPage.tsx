import { useEffect, useMemo, useRef, useState } from 'react';
import {
  captionPhoto, humanCeiling, scoreCaptioner, type CaptionScores, type PhotoCaptions, type ReferenceSet, type SceneObject,
} from '../../core/captions';
import { imageIdFromFileName } from '../../core/cocoResults';
import { SCENE_COLORS, SCENE_RELATIONS, SCENE_SHAPES } from '../../core/captions/synthScenes';
import { num, oneOf } from '../../core/urlState';
import type { CaptionerRaw, CaptionerResult } from '../../models/captioner';
import type { ModelId } from '../../models/registry';
import { useLang, useT } from '../../i18n/LangContext';
import { cocoLabel } from '../../i18n/cocoNames';
import { COCO_SSD_ID, DEFAULT_DETECT_OPTIONS, type Detection } from '../../models/cocoSsd';
import { BackendPicker } from '../../ui/BackendPicker';
import { Formula } from '../../ui/Formula';
import { classColor, type DrawnBox } from '../../ui/drawDetections';
import { runFrameLoop } from '../../ui/frameLoop';
import { decodeImage } from '../../ui/imageDecode';
import { ImageSource } from '../../ui/ImageSource';
import { ModelStatus } from '../../ui/ModelStatus';
import { OverlayCanvas } from '../../ui/OverlayCanvas';
import { fetchSample, loadSampleIndex, sampleUrl, type Sample } from '../../ui/sampleIndex';
import { Slider } from '../../ui/Slider';
import { sourceSize, type Source } from '../../ui/source';
import { useModel } from '../../ui/useModel';
import { useUrlState } from '../../ui/useUrlState';
import { CaptionDataError, loadCaptionData, type CaptionData } from './data';
import { captioningMeta } from './meta';
import { ScoresTable, type ScoreRow } from './ScoresTable';
import { captioningTexts } from './texts';
import { DecodeView, PixelCanvas, SaidSentence, SceneComposer } from './TrainedCaptioner';
import { trainedTexts } from './trainedTexts';
import './captioning.css';

const SCHEMA = {
  score: num(DEFAULT_DETECT_OPTIONS.scoreThreshold, 0.05, 1),
  k: num(15, 1, 50, true),
  // the trained captioner: the composed scene and the decoding view
  ca: oneOf(SCENE_COLORS, 'red'),
  sa: oneOf(SCENE_SHAPES, 'circle'),
  rel: oneOf(SCENE_RELATIONS, 'left'),
  cb: oneOf(SCENE_COLORS, 'blue'),
  sb: oneOf(SCENE_SHAPES, 'square'),
  seed: num(1, 1, 999, true),
  dec: oneOf(['greedy', 'beam'] as const, 'greedy'),
  bw: num(3, 1, 5, true),
  tk: num(3, 1, 5, true),
  st: num(99, 1, 99, true),
  pst: num(99, 1, 99, true),
};

const CAPTIONER: ModelId = 'captioner-synth';

const toObjects = (dets: readonly Detection[]): SceneObject[] => dets.map((d) => ({ name: d.label, box: d.box, score: d.score }));

interface Tagged<T> {
  readonly source: Source;
  readonly value: T;
}

interface TestInfo {
  readonly scenes: number;
  readonly greedy: CaptionScores;
  readonly beam: CaptionScores;
  readonly exactGreedy: number;
}

interface SetResult {
  readonly trained: CaptionScores;
  readonly template: CaptionScores;
  readonly retrieval: CaptionScores;
  readonly human: CaptionScores;
  readonly n: number;
}

export default function CaptioningPage() {
  const t = useT(captioningTexts);
  const tMeta = useT(captioningMeta.texts);
  const lang = useLang();
  const [state, setState] = useUrlState(SCHEMA);
  const tt = useT(trainedTexts);
  const { adapter, retry } = useModel(COCO_SSD_ID);
  const { adapter: trained, retry: retryTrained } = useModel('captioner-synth');
  const [source, setSource] = useState<Source | null>(null);
  const [detsFor, setDetsFor] = useState<Tagged<Detection[]> | null>(null);
  const [errorFor, setErrorFor] = useState<Tagged<string> | null>(null);
  const [data, setData] = useState<CaptionData | null>(null);
  const [dataError, setDataError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadCaptionData().then(
      (d) => live && setData(d),
      (e: unknown) => live && setDataError(t('dataError', { file: e instanceof CaptionDataError ? e.file : '?', detail: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once; the message language is fixed at failure time
  }, []);

  const opts = useMemo(() => ({ ...DEFAULT_DETECT_OPTIONS, scoreThreshold: state.score }), [state.score]);
  const optsRef = useRef(opts);
  useEffect(() => {
    optsRef.current = opts;
  }, [opts]);

  const stillSource = source?.kind === 'still' ? source : null;
  useEffect(() => {
    if (!adapter || !stillSource) return;
    let live = true;
    adapter.run(stillSource.pixels, { ...opts, imageSize: stillSource.size }).then(
      (r) => live && setDetsFor({ source: stillSource, value: r.result }),
      (e: unknown) => live && setErrorFor({ source: stillSource, value: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [adapter, stillSource, opts]);

  const [trainedFor, setTrainedFor] = useState<Tagged<{ raw: CaptionerRaw; result: CaptionerResult }> | null>(null);
  const trainedOpts = useMemo(() => ({ beam: state.bw, topK: state.tk }), [state.bw, state.tk]);
  useEffect(() => {
    if (!trained || !stillSource) return;
    let live = true;
    trained.run(stillSource.pixels, trainedOpts).then(
      (r) => live && setTrainedFor({ source: stillSource, value: { raw: r.raw, result: r.result } }),
      (e: unknown) => live && setErrorFor({ source: stillSource, value: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [trained, stillSource, trainedOpts]);
  const trainedPhoto = trainedFor && trainedFor.source === source ? trainedFor.value : null;
  const trainedSentence = trainedPhoto ? (state.dec === 'beam' ? trainedPhoto.result.beam.sentence : trainedPhoto.result.greedy.sentence) : null;

  const testInfo = (trained?.checkpoint?.info?.test ?? null) as TestInfo | null;
  const testBeam = Number(trained?.checkpoint?.info?.beam ?? 3);

  const videoSource = source?.kind === 'video' ? source : null;
  useEffect(() => {
    if (!adapter || !videoSource) return;
    const v = videoSource.video;
    return runFrameLoop(v, async (stopped) => {
      try {
        const r = await adapter.run(v, { ...optsRef.current, imageSize: { width: v.videoWidth, height: v.videoHeight } });
        if (!stopped()) setDetsFor({ source: videoSource, value: r.result });
      } catch (e) {
        if (!stopped()) setErrorFor({ source: videoSource, value: e instanceof Error ? e.message : String(e) });
      }
    });
  }, [adapter, videoSource]);

  const detections = useMemo(() => (detsFor && detsFor.source === source ? detsFor.value : null), [detsFor, source]);
  const error = errorFor && errorFor.source === source ? errorFor.value : null;

  const set = useMemo<ReferenceSet | null>(
    () => (data ? { imageIds: data.samples.map((s) => s.id), references: new Map(data.samples.map((s) => [s.id, s.captions] as const)) } : null),
    [data],
  );
  const ceiling = useMemo(() => (set ? humanCeiling(set) : null), [set]);
  const sampleId = useMemo(() => {
    if (!source || !set) return null;
    const id = imageIdFromFileName(source.name);
    return id !== undefined && set.references.has(String(id)) ? String(id) : null;
  }, [source, set]);

  const captions = useMemo<PhotoCaptions | null>(() => {
    if (!detections || !data || !source) return null;
    return captionPhoto(toObjects(detections), sourceSize(source), data.index, { exclude: new Set(sampleId ? [sampleId] : []), k: state.k });
  }, [detections, data, source, sampleId, state.k]);

  const photoRows = useMemo<ScoreRow[] | null>(() => {
    if (!captions || !set || !sampleId || !ceiling) return null;
    const one = (c: string) => scoreCaptioner(set, new Map([[sampleId, c]])).perImage.get(sampleId)!;
    return [
      ...(trainedSentence !== null ? [{ id: 'trained', label: tt('rowTrained'), caption: trainedSentence, scores: one(trainedSentence) }] : []),
      { id: 'template', label: t('rowTemplate'), caption: captions.scored.template, scores: one(captions.scored.template) },
      { id: 'retrieval', label: t('rowRetrieval'), caption: captions.scored.retrieval, scores: one(captions.scored.retrieval) },
      { id: 'human', label: t('rowHuman'), scores: ceiling.perImage.get(sampleId)! },
    ];
  }, [captions, set, sampleId, ceiling, t, tt, trainedSentence]);

  const drawn = useMemo<DrawnBox[]>(
    () => (detections ?? []).map((d) => ({ box: d.box, text: `${cocoLabel(d.categoryId, lang)} ${d.score.toFixed(2)}`, color: classColor(d.categoryId) })),
    [detections, lang],
  );

  // The whole set: the detector on each of the 17 sample photos, in the browser.
  const [samples, setSamples] = useState<readonly Sample[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadSampleIndex(import.meta.env.BASE_URL).then((s) => live && setSamples(s));
    return () => {
      live = false;
    };
  }, []);
  const [setProgress, setSetProgress] = useState<{ i: number; n: number } | null>(null);
  const [setResult, setSetResult] = useState<(SetResult & { key: string }) | null>(null);
  const setKey = `${state.score}|${state.k}|${state.dec}|${state.bw}|${trained ? 1 : 0}`;
  const runSet = async () => {
    if (!adapter || !data || !set || !ceiling || !samples) return;
    const byId = new Map(samples.map((s) => [String(imageIdFromFileName(s.file)), s] as const));
    const ids = set.imageIds.filter((id) => byId.has(id));
    const tpl = new Map<string, string>(), ret = new Map<string, string>(), trn = new Map<string, string>();
    for (let i = 0; i < ids.length; i++) {
      setSetProgress({ i: i + 1, n: ids.length });
      const id = ids[i]!;
      const decoded = await decodeImage(await fetchSample(sampleUrl(import.meta.env.BASE_URL, byId.get(id)!.file)));
      if (!decoded.ok) continue;
      const r = await adapter.run(decoded.pixels, { ...opts, imageSize: decoded.size });
      const c = captionPhoto(toObjects(r.result), decoded.size, data.index, { exclude: new Set([id]), k: state.k });
      tpl.set(id, c.scored.template);
      ret.set(id, c.scored.retrieval);
      if (trained) {
        const tr = await trained.run(decoded.pixels, { beam: state.bw, topK: 1 });
        trn.set(id, state.dec === 'beam' ? tr.result.beam.sentence : tr.result.greedy.sentence);
      }
    }
    setSetProgress(null);
    const sub = { imageIds: ids.filter((id) => tpl.has(id)), references: set.references };
    setSetResult({
      key: setKey,
      trained: scoreCaptioner(sub, trained ? trn : tpl).corpus,
      template: scoreCaptioner(sub, tpl).corpus,
      retrieval: scoreCaptioner(sub, ret).corpus,
      human: humanCeiling(sub).corpus,
      n: sub.imageIds.length,
    });
  };
  const shownSet = setResult && setResult.key === setKey ? setResult : null;

  const r = captions?.retrieval ?? null;
  const counts = detections ? [...new Map(detections.map((d) => [d.categoryId, detections.filter((x) => x.categoryId === d.categoryId).length])).entries()] : [];

  return (
    <article className="section captioning">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <p className="note" data-testid="honest-note">{t('honest')}</p>
      <div className="toolbar">
        <BackendPicker />
        <ModelStatus id={COCO_SSD_ID} title="COCO-SSD" onRetry={retry} />
        <ModelStatus id={CAPTIONER} title={tt('modelTitle')} onRetry={retryTrained} />
      </div>
      {dataError && <p className="error" role="alert">{dataError}</p>}
      {!data && !dataError && <p role="status">{t('loadingData')}</p>}
      <div className="live-layout">
        <div className="live-main">
          <ImageSource onSource={setSource} />
          {source ? <OverlayCanvas source={source} boxes={drawn} label={source.name} /> : <p className="empty">{t('noSource')}</p>}
          {error && <p className="error" role="alert">{t('inferError', { detail: error })}</p>}
        </div>
        <aside className="live-side">
          <fieldset>
            <legend>{t('settings')}</legend>
            <Slider label={t('score')} value={state.score} min={0.05} max={1} step={0.05} onChange={(v) => setState({ score: v })} format={(v) => v.toFixed(2)} testId="score-slider" />
            <Slider label={t('k')} hint={t('kHint')} value={state.k} min={1} max={50} step={1} onChange={(v) => setState({ k: v })} testId="k-slider" />
          </fieldset>
          {source && !detections && !error && adapter && <p role="status">{t('running')}</p>}
          {detections && (
            <p data-testid="detected">
              {t('detected')}: {counts.length ? counts.map(([id, n]) => `${cocoLabel(id, lang)} ×${n}`).join(', ') : t('detectedNone')}
            </p>
          )}
        </aside>
      </div>

      {source && set && (
        <section aria-labelledby="human-h">
          <h2 id="human-h">{t('humanH')}</h2>
          {sampleId && ceiling ? (
            <>
              <p className="hint">{t('humanNote')}</p>
              <ScoresTable
                testId="human-captions"
                headers={{ captioner: '#', caption: t('colCaption') }}
                rows={set.references.get(sampleId)!.map((c, j) => ({ id: `h${j}`, label: String(j + 1), caption: c, scores: ceiling.perCaption.get(sampleId)![j]! }))}
              />
            </>
          ) : (
            <p data-testid="not-sample">{t('notSample')}</p>
          )}
        </section>
      )}

      {captions && data && (
        <section aria-labelledby="cap-h">
          <h2 id="cap-h">{t('captionersH')}</h2>
          <div className="captioner">
            <h3>{t('templateH')}</h3>
            <p className="caption-out" data-testid="template-caption" lang={lang}>{lang === 'ru' ? captions.template.ru : captions.template.en}</p>
            {lang === 'ru' && <p className="hint" lang="en">{t('templateScored', { en: captions.template.en })}</p>}
            <p className="hint">{t('templateHow')}</p>
          </div>
          <div className="captioner">
            <h3>{t('retrievalH')}</h3>
            {r ? (
              <>
                <p className="caption-out" data-testid="retrieval-caption" lang="en" data-image-id={r.imageId}>{r.caption}</p>
                <p data-testid="retrieval-why">
                  {t('retrievalFrom', { id: r.imageId, cos: r.similarity.toFixed(3), matched: r.matched.map((m) => (lang === 'ru' ? cocoLabel(cocoIdOf(detections ?? [], m), lang) : m)).join(', ') || '—' })}
                  {sampleId && ` ${t('retrievalLoo')}`}
                </p>
                <details>
                  <summary>{t('retrievalSource', { id: r.imageId })}</summary>
                  <ul data-testid="retrieval-source">
                    {r.sourceCaptions.map((c, i) => (
                      <li key={i} lang="en">{c === r.caption ? <strong>{c}</strong> : c}</li>
                    ))}
                  </ul>
                </details>
                <details>
                  <summary>{t('retrievalNeighbours')}</summary>
                  <p>{t('retrievalQuery')}: {[...r.query].map(([f, w]) => `${f} ${w.toFixed(2)}`).join(', ')}</p>
                  <ol className="neighbours">
                    {r.neighbours.map((n) => (
                      <li key={n.imageId}>#{n.imageId}: {n.similarity.toFixed(3)}</li>
                    ))}
                  </ol>
                </details>
              </>
            ) : (
              <p data-testid="retrieval-none">{t('retrievalNone')}</p>
            )}
            <p className="hint">{t('retrievalHow', { n: data.poolSize })}</p>
          </div>
          <div className="captioner">
            <h3>{tt('h')}</h3>
            <p className="note" data-testid="trained-honest">{tt('photoHonest')}</p>
            {trainedPhoto ? (
              <div className="scene-row">
                <PixelCanvas rgba={trainedPhoto.raw.seen} size={32} scale={4} label={tt('seenCanvas')} testId="trained-seen" />
                <div>
                  <SaidSentence result={trainedPhoto.result} beam={state.dec === 'beam'} testId="trained-caption" />
                  <DecodeView
                    result={trainedPhoto.result}
                    state={{ dec: state.dec, bw: state.bw, tk: state.tk, st: state.pst }}
                    onState={(d) => setState({ ...(d.st !== undefined ? { pst: d.st } : {}), ...(d.dec ? { dec: d.dec } : {}), ...(d.bw !== undefined ? { bw: d.bw } : {}), ...(d.tk !== undefined ? { tk: d.tk } : {}) })}
                    testId="photo-decode"
                  />
                </div>
              </div>
            ) : (
              <p role="status">{tt('loading')}</p>
            )}
          </div>
        </section>
      )}

      {photoRows && (
        <section aria-labelledby="scores-h">
          <h2 id="scores-h">{t('scoresH')}</h2>
          <ScoresTable testId="photo-scores" headers={{ captioner: t('colCaptioner'), caption: t('colCaption') }} rows={photoRows} />
          <p className="hint">{t('scoresNote')}</p>
          <details>
            <summary>{t('formulasH')}</summary>
            <p>BLEU-4: <Formula tex={String.raw`\mathrm{BP}\cdot\Big(\prod_{n=1}^{4} \frac{\sum \min(c_h(g),\ \max_r c_r(g))}{\sum c_h(g)}\Big)^{1/4},\ \mathrm{BP}=\min\big(1, e^{1-r/h}\big)`} /></p>
            <p>ROUGE-L: <Formula tex={String.raw`\frac{(1+\beta^2)\,P R}{R+\beta^2 P},\ P=\max_r \frac{\mathrm{LCS}}{|h|},\ R=\max_r \frac{\mathrm{LCS}}{|r|},\ \beta=1.2`} /></p>
            <p>CIDEr-D: <Formula tex={String.raw`\frac{10}{4\,m}\sum_{n=1}^{4}\sum_{j=1}^{m} \frac{\sum_g \min(w_h(g), w_{r_j}(g))\, w_{r_j}(g)}{\lVert w_h\rVert\,\lVert w_{r_j}\rVert}\, e^{-\frac{(|h|-|r_j|)^2}{2\cdot 6^2}},\ w(g)=\mathrm{tf}(g)\,\log\frac{N}{\max(1,\mathrm{df}(g))}`} /></p>
            <p className="hint">{t('formulasSource')}</p>
          </details>
        </section>
      )}

      {set && (
        <section aria-labelledby="set-h">
          <h2 id="set-h">{t('setH')}</h2>
          {samples && samples.length > 0 ? (
            <button type="button" onClick={() => void runSet()} disabled={!adapter || !!setProgress} data-testid="run-set">
              {t('setRun')}
            </button>
          ) : (
            <p>{t('setNoSamples')}</p>
          )}
          {setProgress && <p role="status">{t('setRunning', { i: setProgress.i, n: setProgress.n })}</p>}
          {shownSet && (
            <>
              <ScoresTable
                testId="set-scores"
                headers={{ captioner: t('colCaptioner') }}
                rows={[
                  ...(trained ? [{ id: 'trained', label: tt('rowTrained'), scores: shownSet.trained }] : []),
                  { id: 'template', label: t('rowTemplate'), scores: shownSet.template },
                  { id: 'retrieval', label: t('rowRetrieval'), scores: shownSet.retrieval },
                  { id: 'human', label: t('rowHuman'), scores: shownSet.human },
                ]}
              />
              <p>{t('setRatio', { ratio: (shownSet.retrieval.CIDEr / shownSet.template.CIDEr).toFixed(2) })}</p>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="trained-h">
        <h2 id="trained-h">{tt('h')}</h2>
        <p>{tt('how')}</p>
        <p className="hint">{tt('language')}</p>
        {testInfo && (
          <p data-testid="trained-test-score" data-bleu4={testInfo.greedy.Bleu_4} data-cider={testInfo.greedy.CIDEr}>
            {tt('testScore', {
              n: testInfo.scenes,
              bleu: testInfo.greedy.Bleu_4.toFixed(3),
              cider: testInfo.greedy.CIDEr.toFixed(3),
              exact: (100 * testInfo.exactGreedy).toFixed(1),
              beam: testBeam,
              bleuBeam: testInfo.beam.Bleu_4.toFixed(3),
            })}
          </p>
        )}
        <SceneComposer
          adapter={trained}
          scene={{ ca: state.ca, sa: state.sa, rel: state.rel, cb: state.cb, sb: state.sb, seed: state.seed }}
          onScene={(sc) => setState({ ...sc, st: 99 })}
          decode={{ dec: state.dec, bw: state.bw, tk: state.tk, st: state.st }}
          onDecode={(d) => setState(d)}
        />
      </section>

      <p className="lecture-point">{t('lecturePoint')}</p>
      <p className="credits hint">{t('credits')}</p>
    </article>
  );
}

function cocoIdOf(dets: readonly Detection[], name: string): number {
  return dets.find((d) => d.label === name)?.categoryId ?? 0;
}
