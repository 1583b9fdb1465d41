import { PerfStats } from '../../ui/PerfStats';
import { percent, type T } from './labels';
import type { SegLive } from './useSegmentationLive';

/** Person share, timings/FPS and the mask vs image resolution. */
export function SegStats({ live, t }: { live: Pick<SegLive, 'result' | 'shown' | 'frame' | 'videoSource' | 'fps'>; t: T }) {
  const { result, shown, frame, videoSource, fps } = live;
  return (
    <dl className="stats">
      <dt>{t('personShare')}</dt>
      <dd data-testid="person-share" data-share={result ? result.personShare.toFixed(4) : ''}>
        {result ? percent(result.personShare) : '—'}
      </dd>
      <PerfStats timings={shown?.timings} fps={videoSource ? fps : null} />
      {result && frame && (
        <>
          <dt>{t('resolution')}</dt>
          <dd>{t('resolutionValue', { w: result.width, h: result.height, iw: frame.size.width, ih: frame.size.height })}</dd>
        </>
      )}
    </dl>
  );
}
