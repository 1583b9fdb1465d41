/** Detector settings of a dataset run (in the URL). */
import { Slider } from '../../../ui/Slider';
import type { DatasetController } from './useDatasetEvaluation';

export function SettingsPanel({ c }: { readonly c: DatasetController }) {
  const { t, state, setState, busy } = c;
  return (
  <fieldset className="dataset-eval__settings" disabled={busy}>
    <legend>{t('settings')}</legend>
    <div role="radiogroup" aria-label={t('detector')} className="dataset-eval__radios">
      {(['project', 'package'] as const).map((p) => (
        <label key={p}>
          <input type="radio" name="dataset-post" checked={state.dsPost === p} onChange={() => setState({ dsPost: p })} />
          {t(p === 'project' ? 'postProject' : 'postPackage')}
        </label>
      ))}
    </div>
    <Slider label={t('score')} hint={t('scoreHint')} value={state.dsScore} min={0} max={0.9} step={0.01} onChange={(v) => setState({ dsScore: v })} testId="dataset-score" />
    {state.dsPost === 'project' && (
      <Slider label={t('iou')} value={state.dsIou} min={0.05} max={1} step={0.05} onChange={(v) => setState({ dsIou: v })} testId="dataset-iou" />
    )}
    <Slider label={t('max')} value={state.dsMax} min={1} max={300} step={1} onChange={(v) => setState({ dsMax: v })} format={(v) => String(v)} testId="dataset-max" />
    <p className="dataset-eval__note">{t('cocoSettings')}</p>
  </fieldset>
  );
}
