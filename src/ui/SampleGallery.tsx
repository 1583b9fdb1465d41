/**
 * Thumbnails of the sample photos listed in samples/index.json. Renders nothing at all when there is
 * no index (the set-up script was run without SAMPLES_DIR) or it lists no usable entry.
 */
import { useEffect, useId, useState } from 'react';
import { useT } from '../i18n/LangContext';
import { imageSourceTexts } from './imageSource.texts';
import { loadSampleIndex, sampleUrl, type Sample } from './sampleIndex';

interface SampleGalleryProps {
  /** `file` of the sample currently shown, if any. */
  readonly selected: string | null;
  readonly onPick: (sample: Sample, url: string) => void;
}

export function SampleGallery({ selected, onPick }: SampleGalleryProps) {
  const t = useT(imageSourceTexts);
  const titleId = useId();
  const [samples, setSamples] = useState<readonly Sample[]>([]);
  /** Files whose thumbnail failed to load: listed in the index but missing, so not offered. */
  const [broken, setBroken] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    void loadSampleIndex(import.meta.env.BASE_URL).then((list) => {
      if (live) setSamples(list);
    });
    return () => {
      live = false;
    };
  }, []);

  const usable = samples.filter((s) => !broken.has(s.file));
  if (usable.length === 0) return null;

  const attribution = (s: Sample): string =>
    [s.credit && t('sampleCredit', { credit: s.credit }), s.license && t('sampleLicense', { license: s.license })]
      .filter(Boolean)
      .join(', ');
  const current = usable.find((s) => s.file === selected);
  const base = import.meta.env.BASE_URL;

  return (
    <div className="imgsrc-gallery" role="group" aria-labelledby={titleId}>
      <p id={titleId} className="imgsrc-gallery-title">
        {t('galleryTitle')}
      </p>
      <ul className="imgsrc-thumbs">
        {usable.map((s) => {
          const url = sampleUrl(base, s.file);
          const credit = attribution(s);
          return (
            <li key={s.file}>
              <button
                type="button"
                className="imgsrc-thumb"
                data-testid="sample"
                aria-label={t('sampleAria', { title: s.title })}
                aria-pressed={s.file === selected}
                title={credit ? `${s.title}\n${credit}` : s.title}
                onClick={() => onPick(s, url)}
              >
                <img
                  src={url}
                  alt={s.title}
                  loading="lazy"
                  decoding="async"
                  onError={() => setBroken((b) => new Set(b).add(s.file))}
                />
              </button>
            </li>
          );
        })}
      </ul>
      {current && (current.credit || current.license || current.url) && (
        <p className="imgsrc-credit" data-testid="sample-credit">
          {attribution(current)}
          {current.url && (
            <>
              {attribution(current) && ' · '}
              <a href={current.url} target="_blank" rel="noopener noreferrer">
                {t('sampleSource')}
              </a>
            </>
          )}
        </p>
      )}
    </div>
  );
}
