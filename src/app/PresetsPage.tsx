import { useLang, useT } from '../i18n/LangContext';
import { appTexts } from './app.texts';
import { PRESETS, presetHref } from './presets';

/** `#/presets`: the shipped list of prepared links, one per slide that has a demo. */
export function PresetsPage() {
  const t = useT(appTexts);
  const lang = useLang();
  return (
    <article className="presets">
      <h1>{t('presetsTitle')}</h1>
      <p className="lead">{t('presetsLead')}</p>
      <ol className="preset-list">
        {PRESETS.map((p) => (
          <li key={p.id}>
            <a href={presetHref(p)} data-testid="preset-link" data-preset={p.id}>
              {p.title[lang]}
            </a>
          </li>
        ))}
      </ol>
    </article>
  );
}
