/**
 * `#/segmentation/train` — the controller: URL state, the trainer (in its own Web Worker, owned by this
 * page and terminated when it unmounts) and the widgets. The training backend is the worker's (WASM by
 * default): the app's backend and the models other pages loaded are left alone.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useSearchParam } from '../../app/router';
import { num, oneOf } from '../../core/urlState';
import { useT } from '../../i18n/LangContext';
import { isBackendName, type BackendName } from '../../models/backendNames';
import { SegTrainClient, type InitFrom, type TrainerSnapshot } from '../../models/train/segTrainClient';
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import { useRuntimeInstance } from '../../ui/RuntimeContext';
import { useUrlState } from '../../ui/useUrlState';
import type { CellView } from './LabelCanvas';
import { segTrainMeta } from './meta';
import { MetricsTable } from './MetricsTable';
import { PredictionGrid, VIEWS } from './PredictionGrid';
import { ReportSection, useReport } from './ReportSection';
import { NET_COLOR, NET_KEY } from './shared';
import { segTrainTexts } from './texts';
import { TrainPanel } from './TrainPanel';
import './train.css';

const INITS: readonly InitFrom[] = ['checkpoint', 'scratch'];

/** Every control in the URL (`#/segmentation/train?init=scratch&lr=0.01&view=errors`). */
const SCHEMA = {
  init: oneOf<InitFrom>(INITS, 'checkpoint'),
  lr: num(0.003, 0.0001, 0.02),
  batch: num(8, 2, 16, true),
  view: oneOf<CellView>(VIEWS, 'classes'),
};

/** The page's trainer: a worker started on mount, reset with `init`, terminated on unmount. */
function useSegTrainer(init: InitFrom, preferred: BackendName | undefined): { trainer: SegTrainClient; snap: TrainerSnapshot } {
  const runtime = useRuntimeInstance();
  const [trainer] = useState(() => new SegTrainClient(runtime.siteBase, runtime.wasmBase));
  useEffect(() => {
    trainer.connect();
    trainer.reset(init, preferred);
    return () => trainer.dispose();
  }, [trainer, init, preferred]);
  const snap = useSyncExternalStore(trainer.subscribe, trainer.getSnapshot);
  return { trainer, snap };
}

export default function SegTrainPage() {
  const t = useT(segTrainTexts);
  const tm = useT(segTrainMeta.texts);
  const [state, setState] = useUrlState(SCHEMA);
  const backendParam = useSearchParam('backend');
  const preferred = isBackendName(backendParam) ? backendParam : undefined;
  // The initial weights are chosen once per mount (and by the reset buttons), not on every URL change.
  const [initAtMount] = useState(state.init);
  const { trainer, snap } = useSegTrainer(initAtMount, preferred);
  const report = useReport();

  useEffect(() => {
    trainer.configure(state.lr, state.batch);
  }, [trainer, state.lr, state.batch]);

  const names = useMemo(() => Object.fromEntries(NET_IDS.map((id) => [id, t(NET_KEY[id])])) as Record<NetId, string>, [t]);

  return (
    <article className="section seg-train">
      <h1>{tm('title')}</h1>
      <p className="lead">{t('intro')}</p>

      <section aria-labelledby="st-explain-h">
        <h2 id="st-explain-h">{t('explainTitle')}</h2>
        <dl className="st-explain">
          {NET_IDS.map((id) => (
            <div key={id}>
              <dt>
                <span className="swatch" style={{ background: NET_COLOR[id] }} aria-hidden="true" /> {names[id]}
              </dt>
              <dd>{t(id === 'fcn' ? 'explainFcn' : id === 'unet' ? 'explainUnet' : 'explainAspp')}</dd>
            </div>
          ))}
        </dl>
      </section>

      <TrainPanel snap={snap} trainer={trainer} state={state} setState={setState} preferred={preferred} names={names} t={t} />

      <PredictionGrid snap={snap} trainer={trainer} view={state.view} setView={(v) => setState({ view: v })} names={names} t={t} />

      <MetricsTable snap={snap} names={names} t={t} />

      <ReportSection report={report} names={names} t={t} />
    </article>
  );
}

