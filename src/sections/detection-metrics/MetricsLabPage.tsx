import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/LangContext';
import { IouPlayground } from './IouPlayground';
import { metricsLabMeta } from './meta';
import { PhotoMetrics } from './PhotoMetrics';
import { labTexts } from './texts';
import './metrics-lab.css';

const DatasetEvaluation = lazy(() => import('./dataset/DatasetEvaluation'));

export default function MetricsLabPage() {
  const t = useT(labTexts);
  const tMeta = useT(metricsLabMeta.texts);
  return (
    <article className="section metrics-lab">
      <h1>{tMeta('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <IouPlayground />
      <PhotoMetrics />
      <Suspense fallback={null}>
        <DatasetEvaluation />
      </Suspense>
    </article>
  );
}
