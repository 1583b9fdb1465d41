/** The numbers of a dataset run: COCO table, per-class table, PR curves, worst images. */
import { useMemo, useState } from 'react';
import { useLang, useT } from '../../../i18n/LangContext';
import { cocoLabel } from '../../../i18n/cocoNames';
import { LineChart, type Series } from '../../../ui/charts/LineChart';
import { Slider } from '../../../ui/Slider';
import type { DatasetUrlState, RunResult } from './DatasetEvaluation';
import { countImage, type ClassRow } from '../../../core/dataset-eval/evaluation';
import { ImageView } from './ImageView';
import { STAT_NAMES } from '../../../core/dataset-eval/report';
import { datasetTexts } from './texts';

const f3 = (v: number): string => (v < 0 ? '—' : v.toFixed(3));
/** Rows of the worst-images table (the DOM stays small for big datasets). */
const WORST_ROWS = 100;

/** Previous value and the change to the current one. */
function prevCell(prev: number, now: number): string {
  if (prev < 0) return '—';
  if (now < 0) return prev.toFixed(3);
  const d = now - prev;
  return `${prev.toFixed(3)} (${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)})`;
}

function describeRun(r: RunResult, t: (k: 'postProjectShort' | 'postPackageShort' | 'runSettings', p?: Record<string, string | number>) => string): string {
  const s = r.settings;
  return t('runSettings', {
    post: t(s.postProcessing === 'project' ? 'postProjectShort' : 'postPackageShort'), score: s.scoreThreshold, n: s.imagesProcessed,
  });
}

type SortKey = 'name' | 'nGt' | 'nDt' | 'AP' | 'AP50' | 'AP75' | 'AR100' | 'voc07' | 'voc12';
const COLUMNS: readonly { key: SortKey; title: string }[] = [
  { key: 'nGt', title: '' }, { key: 'nDt', title: '' }, { key: 'AP', title: 'AP' }, { key: 'AP50', title: 'AP50' },
  { key: 'AP75', title: 'AP75' }, { key: 'AR100', title: 'AR100' }, { key: 'voc07', title: 'VOC07' }, { key: 'voc12', title: 'VOC12' },
];

export function Results({ result, previous, state, setState }: {
  readonly result: RunResult;
  readonly previous: RunResult | null;
  readonly state: DatasetUrlState;
  readonly setState: (patch: Partial<DatasetUrlState>) => void;
}) {
  const t = useT(datasetTexts);
  const lang = useLang();
  const { ev } = result;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'AP', desc: true });
  const [opened, setOpened] = useState<number | null>(null);
  const classes = useMemo(() => ev.classes.filter((c) => c.nGt > 0), [ev]);
  const [prClass, setPrClass] = useState<number | null>(null);
  const shownPr = classes.find((c) => c.id === prClass) ?? classes[0];

  const sorted = useMemo(() => {
    const key = sort.key;
    const val = (c: ClassRow): number | string => (key === 'name' ? cocoLabel(c.id, lang) : c[key]);
    return [...classes].sort((a, b) => {
      const x = val(a), y = val(b);
      const cmp = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number);
      return sort.desc ? -cmp : cmp;
    });
  }, [classes, sort, lang]);

  const scores = useMemo(() => Float64Array.from(result.dets, (d) => d.score), [result.dets]);
  const worst = useMemo(() => {
    const counts = ev.images.map((im) => countImage(im, scores, state.dsShow));
    return counts.sort((a, b) => (state.dsSort === 'f1' ? a.f1 - b.f1 || (b.fp + b.fn) - (a.fp + a.fn) : (b.fp + b.fn) - (a.fp + a.fn) || a.f1 - b.f1));
  }, [ev, scores, state.dsShow, state.dsSort]);

  const prSeries = useMemo((): readonly Series[] => {
    if (!shownPr) return [];
    const s: Series[] = [{ label: t('pr50'), color: '#2563eb', y: shownPr.pr50, fill: true }];
    if (state.dsPr75) s.push({ label: t('pr75'), color: '#db2777', y: shownPr.pr75, dash: [6, 4] });
    return s;
  }, [shownPr, state.dsPr75, t]);

  const header = (key: SortKey, title: string) => {
    const active = sort.key === key;
    return (
      <th key={key} scope="col" aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" title={t('sortBy', { col: title })} onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'name' })}>
          {title}{active ? (sort.desc ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };

  const openedImage = opened === null ? undefined : ev.images.find((im) => im.imageId === opened);
  const openedFile = opened === null ? undefined : result.files.get(opened);

  return (
    <>
      <h3>{t('stats')}</h3>
      <table className="dataset-eval__stats" data-testid="coco-stats">
        <thead>
          <tr>
            <th scope="col">{t('statName')}</th><th scope="col">{t('statDesc')}</th><th scope="col">{t('statValue')}</th>
            {previous && <th scope="col">{t('previousRun', { settings: describeRun(previous, t) })}</th>}
          </tr>
        </thead>
        <tbody>
          {STAT_NAMES.map((name, i) => {
            const v = ev.stats[i] ?? -1;
            return (
              <tr key={name} data-testid="coco-stat" data-name={name} data-value={String(v)}>
                <th scope="row">{name}</th>
                <td><code>{(ev.summaryLines[i] ?? '').replace(/\s*=\s*-?[\d.]+$/, '').trim()}</code></td>
                <td className="num">{v < 0 ? t('undefinedValue') : v.toFixed(3)}</td>
                {previous && <td className="num">{prevCell(previous.ev.stats[i] ?? -1, v)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="voc-map">{t('vocMap', { v07: f3(ev.voc07mAP), v12: f3(ev.voc12mAP) })}</p>

      <h3>{t('perClass')}</h3>
      <p className="dataset-eval__note">{t('perClassHint')}</p>
      <div className="dataset-eval__scroll">
        <table className="dataset-eval__classes" data-testid="class-table">
          <thead>
            <tr>
              {header('name', t('colClass'))}
              {COLUMNS.map((c) => header(c.key, c.key === 'nGt' ? t('colGt') : c.key === 'nDt' ? t('colDt') : c.title))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr key={c.id} data-testid="class-row" data-class={c.name} data-ap={String(c.AP)}>
                <th scope="row">
                  <button type="button" className="linklike" onClick={() => setPrClass(c.id)}>{cocoLabel(c.id, lang)}</button>
                </th>
                <td className="num">{c.nGt}</td>
                <td className="num">{c.nDt}</td>
                <td className="num">{f3(c.AP)}</td>
                <td className="num">{f3(c.AP50)}</td>
                <td className="num">{f3(c.AP75)}</td>
                <td className="num">{f3(c.AR100)}</td>
                <td className="num">{f3(c.voc07)}</td>
                <td className="num">{f3(c.voc12)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {shownPr && (
        <>
          <h3>{t('pr')}</h3>
          <div className="dataset-eval__row">
            <label>
              {t('prClass')}{' '}
              <select value={shownPr.id} onChange={(e) => setPrClass(Number(e.currentTarget.value))} data-testid="pr-class">
                {classes.map((c) => <option key={c.id} value={c.id}>{cocoLabel(c.id, lang)}</option>)}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={state.dsPr75} onChange={(e) => setState({ dsPr75: e.currentTarget.checked })} /> {t('pr75')}
            </label>
          </div>
          <LineChart
            x={ev.recThrs} series={prSeries} xLabel={t('prX')} yLabel={t('prY')} xRange={[0, 1]} yRange={[0, 1.02]} testId="pr-chart"
            label={t('prLabel', { name: cocoLabel(shownPr.id, lang), ap50: f3(shownPr.AP50), ap75: f3(shownPr.AP75) })}
          />
        </>
      )}

      <h3>{t('worst')}</h3>
      <p className="dataset-eval__note">{t('worstHint')}</p>
      <div className="dataset-eval__row">
        <div className="dataset-eval__slider">
          <Slider label={t('showScore')} value={state.dsShow} min={0} max={1} step={0.01} onChange={(v) => setState({ dsShow: v })} testId="dataset-show" />
        </div>
        <label>
          {t('sortWorst')}{' '}
          <select value={state.dsSort} onChange={(e) => setState({ dsSort: e.currentTarget.value === 'errors' ? 'errors' : 'f1' })} data-testid="worst-sort">
            <option value="f1">{t('byF1')}</option>
            <option value="errors">{t('byErrors')}</option>
          </select>
        </label>
      </div>
      <div className="dataset-eval__scroll dataset-eval__worst">
        <table data-testid="worst-images">
          <thead>
            <tr>
              <th scope="col">{t('colImage')}</th><th scope="col">TP</th><th scope="col">FP</th><th scope="col">FN</th><th scope="col">{t('colF1')}</th>
            </tr>
          </thead>
          <tbody>
            {worst.slice(0, WORST_ROWS).map((c) => {
              const name = result.files.get(c.imageId)?.name ?? `#${c.imageId}`;
              return (
                <tr key={c.imageId} data-testid="worst-row" aria-current={opened === c.imageId ? 'true' : undefined}>
                  <th scope="row">
                    <button type="button" className="linklike" onClick={() => setOpened(c.imageId)} aria-label={`${t('open')}: ${name}`}>{name}</button>
                  </th>
                  <td className="num">{c.tp}</td>
                  <td className="num">{c.fp}</td>
                  <td className="num">{c.fn}</td>
                  <td className="num">{c.f1.toFixed(2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {worst.length > WORST_ROWS && <p className="dataset-eval__note">{t('worstMore', { shown: WORST_ROWS, n: worst.length })}</p>}
      {openedImage && openedFile && (
        <ImageView
          image={openedImage} file={openedFile.file} name={openedFile.name} gt={result.gt} dets={result.dets}
          minScore={state.dsShow} onClose={() => setOpened(null)}
        />
      )}
    </>
  );
}
