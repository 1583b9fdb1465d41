/**
 * "Evaluate a dataset": many images + annotations (COCO JSON / VOC XML / YOLO txt) → the detector over
 * every image (main thread, one at a time, cancellable) → COCO/VOC evaluation in a worker → the 12
 * COCO numbers, per-class APs, PR curves, worst images with their TP/FP/FN drawn, exports.
 *
 * This file only lays out the widgets; the state and every action live in `useDatasetEvaluation`.
 */
import { PickPanel } from './PickPanel';
import { RunPanel } from './RunPanel';
import { RunOutcome } from './RunOutcome';
import { SettingsPanel } from './SettingsPanel';
import { StatusPanel } from './StatusPanel';
import { useDatasetEvaluation } from './useDatasetEvaluation';
import './dataset.css';

export type { DatasetUrlState, RunResult } from './useDatasetEvaluation';

export default function DatasetEvaluation() {
  const c = useDatasetEvaluation();
  return (
    <section className="dataset-eval" aria-labelledby="dataset-eval-heading">
      <h2 id="dataset-eval-heading">{c.t('heading')}</h2>
      <p>{c.t('intro')}</p>
      <PickPanel c={c} />
      <StatusPanel c={c} />
      <SettingsPanel c={c} />
      <RunPanel c={c} />
      <RunOutcome c={c} />
    </section>
  );
}
