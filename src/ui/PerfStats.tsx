import { useT } from '../i18n/LangContext';
import type { Timings } from '../models/types';
import { runtimeTexts } from './runtime.texts';

/** Latency (network + post-processing) and, for live video, FPS: `<dt>/<dd>` pairs inside a `<dl>`. */
export function PerfStats({ timings, fps }: { timings: Timings | null | undefined; fps: number | null }) {
  const t = useT(runtimeTexts);
  return (
    <>
      <dt>{t('latency')}</dt>
      <dd data-testid="latency">
        {timings
          ? t('latencyValue', {
              ms: Math.round(timings.inferMs + timings.decodeMs),
              infer: Math.round(timings.inferMs),
              decode: timings.decodeMs.toFixed(1),
            })
          : '—'}
      </dd>
      {fps !== null && (
        <>
          <dt>{t('fps')}</dt>
          <dd data-testid="fps" data-fps={fps.toFixed(2)}>
            {fps.toFixed(1)}
          </dd>
        </>
      )}
    </>
  );
}
