import { Suspense, useEffect, useState } from 'react';
import { LangContext, useT } from '../i18n/LangContext';
import { DEFAULT_LANG, isLang, LANGS, type Lang } from '../i18n/texts';
import { HomePage } from '../sections/home/HomePage';
import { appTexts } from './app.texts';
import { hrefFor, navigate, setSearchParam, useRoute, useSearchParam } from './router';
import { SECTIONS, sectionIndex, type Section } from './sections';
import { CrashSwitch, SectionBoundary } from './SectionBoundary';

function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.getAttribute('role') === 'slider';
}

/** ←/→ move between sections (home counts as the first stop). */
function useArrowNavigation(path: string): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isTypingTarget(e.target)) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const stops = ['/', ...SECTIONS.map((s) => s.path)];
      const i = stops.indexOf(path);
      const j = i < 0 ? 0 : e.key === 'ArrowRight' ? i + 1 : i - 1;
      const target = stops[j];
      if (target !== undefined && j !== i) {
        e.preventDefault();
        navigate(target);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [path]);
}

function Header({ lang }: { lang: Lang }) {
  const t = useT(appTexts);
  return (
    <header className="app-header">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skipToContent')}
      </a>
      <a className="app-name" href={hrefFor('/')}>{t('appName')}</a>
      <div className="lang-switch" role="group" aria-label={t('language')}>
        {LANGS.map((l) => (
          <button key={l} type="button" aria-pressed={l === lang} onClick={() => setSearchParam('lang', l)} lang={l}>
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}

function PrevNext({ path }: { path: string }) {
  const t = useT(appTexts);
  const i = sectionIndex(path);
  if (i < 0) return null;
  const prev = i === 0 ? { path: '/', title: t('home') } : undefined;
  const prevSection = i > 0 ? SECTIONS[i - 1] : undefined;
  const nextSection = SECTIONS[i + 1];
  return (
    <nav className="prev-next" aria-label={t('contents')}>
      {prev && <a href={hrefFor(prev.path)} rel="prev">← {prev.title}</a>}
      {prevSection && <a href={hrefFor(prevSection.path)} rel="prev">← <SectionTitle path={prevSection.path} /></a>}
      <span className="hint">{t('keyboardHint')}</span>
      {nextSection && <a href={hrefFor(nextSection.path)} rel="next"><SectionTitle path={nextSection.path} /> →</a>}
    </nav>
  );
}

function SectionTitle({ path }: { path: string }) {
  const s = SECTIONS[sectionIndex(path)]!;
  const t = useT(s.texts);
  return <>{t('title')}</>;
}

function NotFound() {
  const t = useT(appTexts);
  return (
    <div className="not-found">
      <p role="alert">{t('notFound')}</p>
      <a href={hrefFor('/')}>{t('backHome')}</a>
    </div>
  );
}

function Loading() {
  const t = useT(appTexts);
  return <p role="status">{t('loadingPage')}</p>;
}

/** A page inside its own error boundary; "reload this section" remounts only it. */
function SectionView({ section }: { section: Section }) {
  const [attempt, setAttempt] = useState(0);
  const retry = () => {
    const page = section.Page as { retry?: () => void };
    if (page.retry) page.retry();
    else if (navigator.onLine) window.location.reload(); // a plain React.lazy keeps its failure
    setAttempt((n) => n + 1);
  };
  return (
    <SectionBoundary resetKey={section.path} onRetry={retry}>
      <Suspense fallback={<Loading />}>
        <CrashSwitch />
        <section.Page key={attempt} />
      </Suspense>
    </SectionBoundary>
  );
}

export function App() {
  const langParam = useSearchParam('lang');
  const lang: Lang = isLang(langParam) ? langParam : DEFAULT_LANG;
  const { path } = useRoute();
  useArrowNavigation(path);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const section = SECTIONS[sectionIndex(path)];
  return (
    <LangContext.Provider value={lang}>
      <Header lang={lang} />
      <main id="main" tabIndex={-1}>
        {path === '/' ? (
          <HomePage />
        ) : section ? (
          <SectionView section={section} />
        ) : (
          <NotFound />
        )}
      </main>
      <PrevNext path={path} />
    </LangContext.Provider>
  );
}
