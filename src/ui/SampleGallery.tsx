/**
 * Thumbnails of the sample photos listed in samples/index.json (shipped in the repo). Renders nothing
 * when there is no index or it lists no usable entry. Credits are shown in the UI language.
 */
import { useEffect, useId, useState } from 'react';
import { useLang, useT } from '../i18n/LangContext';
import { imageSourceTexts } from './imageSource.texts';
import { inLang, loadSampleIndex, sampleUrl, type Sample } from './sampleIndex';

interface SampleGalleryProps {
  /** `file` of the sample currently shown, if any. */
  readonly selected: string | null;
  readonly onPick: (sample: Sample, url: string) => void;
}

export function SampleGallery({ selected, onPick }: SampleGalleryProps) {
  const t = useT(imageSourceTexts);
  const lang = useLang();
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

  const license = (s: Sample): string | undefined =>
    s.license && (/^public domain$/i.test(s.license) ? t('publicDomain') : s.license);
  const authorOf = (s: Sample): string | undefined =>
    s.author ? inLang(s.author, lang) : s.cocoId !== undefined ? t('sampleFlickr') : undefined;
  const attribution = (s: Sample): string => {
    const author = authorOf(s);
    const lic = license(s);
    return [author && t('sampleCredit', { credit: author }), lic && t('sampleLicense', { license: lic })].filter(Boolean).join(', ');
  };
  const current = usable.find((s) => s.file === selected);
  const base = import.meta.env.BASE_URL;
  const title = (s: Sample): string => inLang(s.title, lang);

  return (
    <div className="imgsrc-gallery" role="group" aria-labelledby={titleId}>
      <p id={titleId} className="imgsrc-gallery-title">
        {t('galleryTitle')}
      </p>
      <ul className="imgsrc-thumbs">
        {usable.map((s) => {
          const credit = attribution(s);
          return (
            <li key={s.file}>
              <button
                type="button"
                className="imgsrc-thumb"
                data-testid="sample"
                data-file={s.file}
                aria-label={t('sampleAria', { title: title(s) })}
                aria-pressed={s.file === selected}
                title={credit ? `${title(s)}\n${credit}` : title(s)}
                onClick={() => onPick(s, sampleUrl(base, s.file))}
              >
                <img
                  src={sampleUrl(base, s.thumb ?? s.file)}
                  alt=""
                  loading="lazy"
                  decoding="async"
                  onError={() => setBroken((b) => new Set(b).add(s.file))}
                />
              </button>
            </li>
          );
        })}
      </ul>
      {current && (
        <p className="imgsrc-credit" data-testid="sample-credit">
          {authorOf(current) && t('sampleCredit', { credit: authorOf(current)! })}
          {license(current) && (
            <>
              {authorOf(current) && ', '}
              {current.licenseUrl ? (
                <a href={current.licenseUrl} target="_blank" rel="noopener noreferrer">
                  {t('sampleLicense', { license: license(current)! })}
                </a>
              ) : (
                t('sampleLicense', { license: license(current)! })
              )}
            </>
          )}
          {current.url && (
            <>
              <Dot />
              <a href={current.url} target="_blank" rel="noopener noreferrer">
                {t('sampleSource')}
              </a>
            </>
          )}
          {current.cocoId !== undefined && (
            <>
              <Dot />
              {t('sampleCoco')}
            </>
          )}
          <Dot />
          <a href={`${base.endsWith('/') ? base : `${base}/`}samples/CREDITS.md`} target="_blank" rel="noopener noreferrer">
            {t('sampleAllCredits')}
          </a>
        </p>
      )}
    </div>
  );
}

/** A separator for the eye only: between two links a lone "·" is a line of its own to a screen reader. */
function Dot() {
  return <span aria-hidden="true"> · </span>;
}
