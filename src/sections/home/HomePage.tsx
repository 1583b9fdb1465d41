import { appTexts } from '../../app/app.texts';
import { hrefFor } from '../../app/router';
import { PRESETS } from '../../app/presets';
import { PARTS, SECTIONS, type PartId, type Section } from '../../app/sections';
import { useT } from '../../i18n/LangContext';
import { sampleUrl } from '../../ui/sampleIndex';

const PART_KEY = {
  recap: 'partRecap',
  segmentation: 'partSegmentation',
  detection: 'partDetection',
  instance: 'partInstance',
  captioning: 'partCaptioning',
} as const satisfies Record<PartId, keyof typeof appTexts.en>;

/** The picture of a demo: the thumbnail of the photo its first preset opens (shipped gallery). */
function pictureOf(path: string): string | null {
  const sample = PRESETS.map((p) => (p.path === path ? new URLSearchParams(p.query).get('sample') : null)).find(Boolean);
  return sample ? sampleUrl(import.meta.env.BASE_URL, `thumbs/${sample.replace(/\.[a-z]+$/i, '')}.jpg`) : null;
}

function Entry({ section }: { section: Section }) {
  const t = useT(section.texts);
  const picture = pictureOf(section.path);
  return (
    <li className="toc-card">
      {picture ? <img src={picture} alt="" className="toc-picture" /> : <span className="toc-picture toc-picture-none" aria-hidden="true" />}
      <div>
        <a href={hrefFor(section.path)} data-testid="toc-link">{t('title')}</a>
        <p>{t('summary')}</p>
      </div>
    </li>
  );
}

/** The lecture's table of contents, in lecture order; only pages that exist are listed. */
export function HomePage() {
  const t = useT(appTexts);
  return (
    <article className="home">
      <h1>{t('lectureTitle')}</h1>
      <p className="lead">{t('lectureLead')}</p>
      <p>
        <a href={hrefFor('/presets')} data-testid="presets-link">{t('presetsLink')}</a>
      </p>
      <h2>{t('contents')}</h2>
      <ol className="toc">
        {PARTS.map((p) => (
          <li key={p} className="toc-part">
            <h3>{t(PART_KEY[p])}</h3>
            {!SECTIONS.some((s) => s.part === p) && <p className="hint">{t('partComing')}</p>}
            <ul className="toc-cards">
              {SECTIONS.filter((s) => s.part === p).map((s) => (
                <Entry key={s.path} section={s} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </article>
  );
}
