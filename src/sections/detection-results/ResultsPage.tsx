import { useMemo } from 'react';
import {
  COPIES, DATASET_FACTS, SOURCES, VOC07_ROWS, VOC12_ROWS, sortRows, type Figure, type SortDir, type SourceId, type Voc07Row, type Voc12Row,
} from '../../core/lectureResults';
import { oneOf } from '../../core/urlState';
import { useLang, useT } from '../../i18n/LangContext';
import type { Lang } from '../../i18n/texts';
import { useUrlState } from '../../ui/useUrlState';
import { DeviceRun } from './DeviceRun';
import { formatNum } from './format';
import { resultsMeta } from './meta';
import { resultsTexts } from './texts';
import './results.css';

const V07_KEYS = ['name', 'lectureMap', 'lectureFps', 'primaryMap', 'primaryFps'] as const;
const V12_KEYS = ['name', 'data', 'map'] as const;
type V07Key = (typeof V07_KEYS)[number];
type V12Key = (typeof V12_KEYS)[number];

const SCHEMA = {
  s07: oneOf(V07_KEYS, 'lectureMap'),
  d07: oneOf(['asc', 'desc'] as const, 'desc'),
  s12: oneOf(V12_KEYS, 'map'),
  d12: oneOf(['asc', 'desc'] as const, 'desc'),
};

const V07_VALUE: Record<V07Key, (r: Voc07Row) => number | string | null> = {
  name: (r) => r.name,
  lectureMap: (r) => r.lectureMap,
  lectureFps: (r) => r.lectureFps,
  primaryMap: (r) => r.primaryMap.value,
  primaryFps: (r) => r.primaryFps.value,
};
const V12_VALUE: Record<V12Key, (r: Voc12Row) => number | string | null> = {
  name: (r) => r.name,
  data: (r) => r.data,
  map: (r) => r.map.value,
};

function SourceLink({ id }: { id: SourceId }) {
  const s = SOURCES[id];
  const n = Object.keys(SOURCES).indexOf(id) + 1;
  return (
    <a href={`#src-${id}`} className="src-ref" title={s.cite} onClick={(e) => {
      e.preventDefault();
      document.getElementById(`src-${id}`)?.scrollIntoView({ block: 'center' });
    }}>
      [{n}]
    </a>
  );
}

function FigureCell({ f, lang, differs, testId }: { f: Figure; lang: Lang; differs: boolean; testId?: string }) {
  return (
    <td className={differs ? 'num differs' : 'num'} data-testid={testId} data-checked={f.checked ? '1' : '0'}>
      {formatNum(f.value, lang)} <SourceLink id={f.source} />
      <CheckMark f={f} />
    </td>
  );
}

/** ✓ (found in a copy of the source: where, which copy — a link to the copy's entry) or * (not re-checked, and why). */
function CheckMark({ f }: { f: Figure }) {
  const t = useT(resultsTexts);
  if (!f.checked) {
    const title = `${t('unverified')}: ${f.why}`;
    return (
      // The star is for the eye; a screen reader hears what it means (a lone "*" would be read as "star").
      <span className="unverified" title={title} data-testid="unverified">
        <span aria-hidden="true">*</span>
        <span className="visually-hidden">{title}</span>
      </span>
    );
  }
  const copy = COPIES[f.copy];
  const title = t('checkedTitle', { where: f.where, copy: copy.what });
  return (
    <a
      href={`#copy-${copy.id}`}
      className="checked"
      title={title}
      aria-label={title}
      data-testid="checked"
      data-where={f.where}
      data-copy={copy.id}
      onClick={(e) => {
        e.preventDefault();
        document.getElementById(`copy-${copy.id}`)?.scrollIntoView({ block: 'center' });
      }}
    >
      ✓
    </a>
  );
}

function SortHeader<K extends string>({ k, label, sort, dir, onSort }: { k: K; label: string; sort: K; dir: SortDir; onSort: (k: K) => void }) {
  const t = useT(resultsTexts);
  const active = sort === k;
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(k)} aria-label={t('sortBy', { col: label })} data-testid={`sort-${k}`}>
        {label} {active ? (dir === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
}

export default function ResultsPage() {
  const t = useT(resultsTexts);
  const tMeta = useT(resultsMeta.texts);
  const lang = useLang();
  const [state, setState] = useUrlState(SCHEMA);

  const v07 = useMemo(() => sortRows(VOC07_ROWS, V07_VALUE[state.s07], state.d07), [state.s07, state.d07]);
  const v12 = useMemo(() => sortRows(VOC12_ROWS, V12_VALUE[state.s12], state.d12), [state.s12, state.d12]);
  const sort07 = (k: V07Key) => setState({ s07: k, d07: state.s07 === k && state.d07 === 'desc' ? 'asc' : 'desc' });
  const sort12 = (k: V12Key) => setState({ s12: k, d12: state.s12 === k && state.d12 === 'desc' ? 'asc' : 'desc' });
  const note = (id: string) => t(`note.${id}` as Parameters<typeof t>[0]);
  const factNote = (id: string) => t(`factNote.${id}` as Parameters<typeof t>[0]);
  const lecture = <SourceLink id="lecture" />;

  return (
    <article className="section results">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="voc07-h">
        <h2 id="voc07-h">{t('voc07')}</h2>
        <p className="hint">{t('voc07Note')}</p>
        <p className="hint" data-testid="checked-legend">✓ {t('checkedLegend')}</p>
        <p className="hint" data-testid="unverified-legend">* {t('unverifiedLegend')}</p>
        <div className="table-scroll">
          <table className="detections results-table" data-testid="voc07-table">
            <thead>
              <tr>
                <SortHeader k="name" label={t('colDetector')} sort={state.s07} dir={state.d07} onSort={sort07} />
                <SortHeader k="lectureMap" label={t('colLectureMap')} sort={state.s07} dir={state.d07} onSort={sort07} />
                <SortHeader k="lectureFps" label={t('colLectureFps')} sort={state.s07} dir={state.d07} onSort={sort07} />
                <SortHeader k="primaryMap" label={t('colPrimaryMap')} sort={state.s07} dir={state.d07} onSort={sort07} />
                <SortHeader k="primaryFps" label={t('colPrimaryFps')} sort={state.s07} dir={state.d07} onSort={sort07} />
                <th scope="col">{t('colNote')}</th>
              </tr>
            </thead>
            <tbody>
              {v07.map((r) => (
                <tr key={r.id} data-testid="voc07-row" data-id={r.id} data-discrepancy={r.discrepancy ? '1' : '0'}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{formatNum(r.lectureMap, lang)} {lecture}</td>
                  <td className="num">{formatNum(r.lectureFps, lang)} {r.lectureFps !== null && lecture}</td>
                  <FigureCell f={r.primaryMap} lang={lang} differs={r.primaryMap.value !== r.lectureMap} />
                  <FigureCell f={r.primaryFps} lang={lang} differs={r.lectureFps !== null && r.primaryFps.value !== null && Math.abs(r.primaryFps.value - r.lectureFps) > 0.01} />
                  <td className="note">{note(r.id)}</td>
                </tr>
              ))}
            </tbody>
            <DeviceRun columns={6} />
          </table>
        </div>
      </section>

      <section aria-labelledby="voc12-h">
        <h2 id="voc12-h">{t('voc12')}</h2>
        <p className="hint">{t('voc12Note')}</p>
        <div className="table-scroll">
          <table className="detections results-table" data-testid="voc12-table">
            <thead>
              <tr>
                <SortHeader k="name" label={t('colDetector')} sort={state.s12} dir={state.d12} onSort={sort12} />
                <SortHeader k="data" label={t('colData')} sort={state.s12} dir={state.d12} onSort={sort12} />
                <SortHeader k="map" label={t('colMap')} sort={state.s12} dir={state.d12} onSort={sort12} />
              </tr>
            </thead>
            <tbody>
              {v12.map((r) => (
                <tr key={r.id} data-testid="voc12-row" data-id={r.id}>
                  <th scope="row">{r.name}</th>
                  <td>{r.data}</td>
                  <FigureCell f={r.map} lang={lang} differs={false} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="facts-h">
        <h2 id="facts-h">{t('datasets')}</h2>
        <div className="table-scroll">
          <table className="detections results-table" data-testid="facts-table">
            <thead>
              <tr>
                <th scope="col">{t('colFact')}</th>
                <th scope="col">{t('colLecture')}</th>
                <th scope="col">{t('colPrimary')}</th>
                <th scope="col">{t('colNote')}</th>
              </tr>
            </thead>
            <tbody>
              {DATASET_FACTS.map((f) => (
                <tr key={f.id} data-testid="fact-row" data-id={f.id} data-discrepancy={f.discrepancy ? '1' : '0'}>
                  <th scope="row">{t(`fact.${f.id}` as Parameters<typeof t>[0])}</th>
                  <td className="num">{typeof f.lecture === 'number' ? f.lecture.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US') : f.lecture} {lecture}</td>
                  {f.primary ? (
                    <td className={f.discrepancy ? 'num differs' : 'num'} data-checked={f.primary.checked ? '1' : '0'}>
                      {f.primary.value?.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US')} <SourceLink id={f.primary.source} />
                      <CheckMark f={f.primary} />
                    </td>
                  ) : (
                    <td>—</td>
                  )}
                  <td className="note">{factNote(f.id)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="disc-h">
        <h2 id="disc-h">{t('discrepancies')}</h2>
        <ul data-testid="discrepancies">
          {VOC07_ROWS.filter((r) => r.discrepancy).map((r) => (
            <li key={`v-${r.id}`} data-testid="discrepancy" data-id={r.id}>
              <strong>{r.name}</strong>: {t('colLecture')} <span data-testid="disc-lecture-map">{formatNum(r.lectureMap, lang)}</span> mAP
              {r.lectureFps !== null && <> / <span data-testid="disc-lecture-fps">{formatNum(r.lectureFps, lang)}</span> FPS</>}; {t('colPrimary')} <span data-testid="disc-primary-map">{formatNum(r.primaryMap.value, lang)}</span> mAP <SourceLink id={r.primaryMap.source} /> / <span data-testid="disc-primary-fps">{formatNum(r.primaryFps.value, lang)}</span> FPS <SourceLink id={r.primaryFps.source} />. {note(r.id)}
            </li>
          ))}
          {DATASET_FACTS.filter((f) => f.discrepancy).map((f) => (
            <li key={`f-${f.id}`} data-testid="discrepancy" data-id={f.id}>
              <strong>{t(`fact.${f.id}` as Parameters<typeof t>[0])}</strong>: {t('colLecture')} {typeof f.lecture === 'number' ? f.lecture.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US') : f.lecture}
              {f.primary && (
                <>
                  ; {t('colPrimary')} {f.primary.value?.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US')} <SourceLink id={f.primary.source} />
                </>
              )}
              . {factNote(f.id)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="src-h">
        <h2 id="src-h">{t('sources')}</h2>
        <ol className="sources">
          {Object.values(SOURCES).map((s) => (
            <li key={s.id} id={`src-${s.id}`}>
              {s.cite}
              {s.url && (
                <>
                  {' '}
                  <span className="src-url">{s.url}</span>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="copies-h">
        <h2 id="copies-h">{t('copies')}</h2>
        <p className="hint">{t('copiesNote')}</p>
        <ul className="sources" data-testid="copies">
          {Object.values(COPIES).map((c) => (
            <li key={c.id} id={`copy-${c.id}`} data-id={c.id}>
              {c.what}: <span className="src-url">{c.url}</span>. {t('copyReadAt')} {c.readAt}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
