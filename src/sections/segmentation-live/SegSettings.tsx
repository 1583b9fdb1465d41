import { Slider } from '../../ui/Slider';
import { modelTitle, VIEW_KEY, type T } from './labels';
import { isDeepLab, type SegModelId } from './loader';
import { VIEWS } from './render';
import type { SegLive } from './useSegmentationLive';

/** Model, view and the view's sliders (threshold and soft mask for the person models). */
export function SegSettings({ live, t }: { live: Pick<SegLive, 'state' | 'setState' | 'offered'>; t: T }) {
  const { state, setState, offered } = live;
  return (
    <fieldset>
      <legend>{t('settings')}</legend>
      <label className="field">
        {t('model')}{' '}
        <select value={state.model} onChange={(e) => setState({ model: e.currentTarget.value as SegModelId })} data-testid="seg-model">
          {offered.map((id) => (
            <option key={id} value={id}>
              {modelTitle(id, t)}
            </option>
          ))}
        </select>
      </label>
      <div role="radiogroup" aria-label={t('view')} className="radios">
        <span>{t('view')}</span>
        {VIEWS.map((v) => (
          <label key={v}>
            <input type="radio" name="seg-view" value={v} checked={state.view === v} onChange={() => setState({ view: v })} data-testid={`view-${v}`} /> {t(VIEW_KEY[v])}
          </label>
        ))}
      </div>
      {state.view === 'overlay' && (
        <Slider label={t('opacity')} value={state.opacity} min={0} max={1} step={0.05} onChange={(v) => setState({ opacity: v })} format={(v) => v.toFixed(2)} testId="opacity-slider" />
      )}
      {state.view === 'blur' && <Slider label={t('blur')} value={state.blur} min={1} max={40} step={1} onChange={(v) => setState({ blur: v })} testId="blur-slider" />}
      {!isDeepLab(state.model) && (
        <>
          <Slider label={t('threshold')} hint={t('thresholdHint')} value={state.threshold} min={0.01} max={0.99} step={0.01} onChange={(v) => setState({ threshold: v })} format={(v) => v.toFixed(2)} testId="threshold-slider" />
          <label className="check" title={t('softHint')}>
            <input type="checkbox" checked={state.soft} onChange={(e) => setState({ soft: e.currentTarget.checked })} data-testid="soft" /> {t('soft')}
          </label>
        </>
      )}
    </fieldset>
  );
}
