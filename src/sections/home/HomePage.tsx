import { appTexts } from '../../app/app.texts';
import { hrefFor } from '../../app/router';
import { PARTS, SECTIONS, type PartId, type Section } from '../../app/sections';
import { useT } from '../../i18n/LangContext';

const PART_KEY = {
  recap: 'partRecap',
  segmentation: 'partSegmentation',
  detection: 'partDetection',
  instance: 'partInstance',
  captioning: 'partCaptioning',
} as const satisfies Record<PartId, keyof typeof appTexts.en>;

function Entry({ section }: { section: Section }) {
  const t = useT(section.texts);
  return (
    <li>
      <a href={hrefFor(section.path)} data-testid="toc-link">{t('title')}</a>
      <p>{t('summary')}</p>
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
      <h2>{t('contents')}</h2>
      <ol className="toc">
        {PARTS.filter((p) => SECTIONS.some((s) => s.part === p)).map((p) => (
          <li key={p}>
            <h3>{t(PART_KEY[p])}</h3>
            <ul>
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
