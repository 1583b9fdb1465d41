import { Suspense, useEffect, useState } from 'react';
import { LangContext, useT } from '../i18n/LangContext';
import { DEFAULT_LANG, type Lang } from '../i18n/texts';
import { HomePage } from '../sections/home/HomePage';
import { PageContext } from '../ui/pageContext';
import { watchScrollRegions } from '../ui/scrollRegions';
import { currentStepper } from '../ui/stepper';
import { appTexts } from './app.texts';
import { isControl, isTouch, rememberedQuery, rememberLang, rememberQuery, rememberTheme, resolveLang, resolveTheme, THEMES, type Theme } from './lecture';
import { PresetsPage } from './PresetsPage';
import { QrButton } from './QrButton';
import { hrefFor, navigate, parseHash, setSearchParam, useLiveRoute, useSearchParam, type Route } from './router';
import { SECTIONS, sectionIndex, type Section } from './sections';
import { CrashSwitch, SectionBoundary } from './SectionBoundary';

/** Section order for the keys: home first, then the lecture's sections. */
const STOPS = ['/', ...SECTIONS.map((s) => s.path)];

function goSection(path: string, delta: number): void {
  const i = STOPS.indexOf(path);
  const j = i < 0 ? 0 : i + delta;
  const target = STOPS[j];
  if (target !== undefined && j !== i) navigate(target);
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen?.();
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/**
 * The shell's keys. ←/→: the demo's step when the page registered one (useStepper), else the previous /
 * next section. PageUp/PageDown (clicker keys): always sections. In lecturer mode also space (next step),
 * F (full screen), B (blank screen). Nothing fires while a control has focus or with a modifier.
 */
function useShellKeys(path: string, present: boolean, setBlank: (f: (b: boolean) => boolean) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isControl(e.target)) return;
      const stepper = currentStepper();
      const step = (dir: 1 | -1): boolean => {
        if (!stepper) return false;
        if (dir > 0 ? stepper.canNext !== false : stepper.canPrev !== false) (dir > 0 ? stepper.next : stepper.prev)();
        return true;
      };
      let handled = true;
      if (e.shiftKey && e.key !== ' ') return;
      switch (e.key) {
        case 'PageDown':
          goSection(path, 1);
          break;
        case 'PageUp':
          goSection(path, -1);
          break;
        case 'ArrowRight':
          if (!step(1)) goSection(path, 1);
          break;
        case 'ArrowLeft':
          if (!step(-1)) goSection(path, -1);
          break;
        case ' ':
          if (!present) handled = false;
          else if (!step(e.shiftKey ? -1 : 1)) goSection(path, e.shiftKey ? -1 : 1);
          break;
        case 'f':
        case 'F':
          if (present) toggleFullscreen();
          else handled = false;
          break;
        case 'b':
        case 'B':
        case '.':
          if (present) setBlank((b) => !b);
          else handled = false;
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [path, present, setBlank]);
}

function Header({ lang, theme, present }: { lang: Lang; theme: Theme; present: boolean }) {
  const t = useT(appTexts);
  return (
    <header className="app-header">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skipToContent')}
      </a>
      <a className="app-name" href={hrefFor('/')}>{t('appName')}</a>
      <div className="header-tools">
        <button
          type="button"
          className="present-toggle"
          aria-pressed={present}
          data-testid="present-toggle"
          onClick={() => setSearchParam('present', present ? '0' : '1')}
        >
          {t(present ? 'presentOff' : 'presentOn')}
        </button>
        {present && (
          <button type="button" onClick={toggleFullscreen} data-testid="fullscreen">
            {t('fullscreen')}
          </button>
        )}
        <QrButton />
        <label className="theme-pick">
          <span>{t('theme')}</span>
          <select
            value={theme}
            data-testid="theme"
            onChange={(e) => {
              rememberTheme(e.currentTarget.value as Theme);
              setSearchParam('theme', e.currentTarget.value);
            }}
          >
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`theme_${th}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="lang-switch" role="group" aria-label={t('language')}>
          {(['ru', 'en'] as const).map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={l === lang}
              onClick={() => {
                rememberLang(l);
                setSearchParam('lang', l);
              }}
              lang={l}
              aria-label={l === 'ru' ? 'Русский' : 'English'}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}

function PrevNext({ path, present }: { path: string; present: boolean }) {
  const t = useT(appTexts);
  const i = sectionIndex(path);
  if (i < 0) return null;
  const prev = i === 0 ? { path: '/', title: t('home') } : undefined;
  const prevSection = i > 0 ? SECTIONS[i - 1] : undefined;
  const nextSection = SECTIONS[i + 1];
  const hint = isTouch() ? t('touchHint') : present ? t('presentHint') : t('keyboardHint');
  return (
    <nav className="prev-next" aria-label={t('sectionNav')}>
      {prev && <a href={hrefFor(prev.path)} rel="prev">← {prev.title}</a>}
      {prevSection && <a href={hrefFor(prevSection.path)} rel="prev">← <SectionTitle path={prevSection.path} /></a>}
      <span className="hint" data-testid="nav-hint">{hint}</span>
      {nextSection ? <a href={hrefFor(nextSection.path)} rel="next"><SectionTitle path={nextSection.path} /> →</a> : <span />}
    </nav>
  );
}

function SectionTitle({ path }: { path: string }) {
  const s = SECTIONS[sectionIndex(path)]!;
  const t = useT(s.texts);
  return <>{t('title')}</>;
}

/** Sets document.title for the page on screen, in the UI language. */
function DocumentTitle({ path, lang }: { path: string; lang: Lang }) {
  const section = SECTIONS[sectionIndex(path)];
  useEffect(() => {
    const app = appTexts[lang].appName;
    const page = section ? section.texts[lang].title : path === '/presets' ? appTexts[lang].presetsTitle : path === '/' ? appTexts[lang].lectureTitle : appTexts[lang].notFound;
    document.title = `${page} — ${app}`;
  }, [section, path, lang]);
  return null;
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

/**
 * A link to a section without page state brings back the state it had in this tab: the URL is completed
 * before anything renders (this listener is registered before React's).
 */
let lastPath: string | null = null;
function restoreRememberedQuery(): void {
  const { path, query } = parseHash(window.location.hash);
  // Only when arriving from elsewhere: a page that resets its own settings to the defaults (an empty
  // query) must not get its old settings back.
  const arriving = path !== lastPath;
  lastPath = path;
  if (!arriving || sectionIndex(path) < 0 || query.toString() !== '') return;
  const q = rememberedQuery(path);
  if (q) window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#${path}?${q}`);
}
if (typeof window !== 'undefined') {
  // Setting location.hash fires popstate before hashchange: both, before React's own listeners.
  lastPath = parseHash(window.location.hash).path;
  window.addEventListener('popstate', restoreRememberedQuery);
  window.addEventListener('hashchange', restoreRememberedQuery);
}

/**
 * Sections visited in this tab stay mounted (hidden) with the route they last had, so leaving a section
 * keeps its photo, step and training progress, and Back (or any link to it) shows it as it was.
 */
function useVisited(route: Route): ReadonlyMap<string, Route> {
  const [visited, setVisited] = useState<ReadonlyMap<string, Route>>(() => new Map());
  const { path } = route;
  const qs = route.query.toString();
  if (sectionIndex(path) >= 0 && visited.get(path)?.query.toString() !== qs) {
    // Derived state, updated during render (React re-renders at once, before committing).
    const next = new Map(visited);
    next.set(path, { path, query: new URLSearchParams(qs) });
    setVisited(next);
  }
  useEffect(() => {
    if (sectionIndex(path) >= 0 && qs !== '') rememberQuery(path, qs);
  }, [path, qs]);
  return visited;
}

export function App() {
  const langParam = useSearchParam('lang');
  const present = useSearchParam('present') === '1';
  const themeParam = useSearchParam('theme');
  const lang: Lang = resolveLang(langParam, DEFAULT_LANG);
  const theme = resolveTheme(themeParam, present);
  const route = useLiveRoute();
  const { path } = route;
  const [blank, setBlank] = useState(false);
  useShellKeys(path, present, setBlank);

  const visited = useVisited(route);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    const main = document.getElementById('main');
    return main ? watchScrollRegions(main) : undefined;
  }, []);
  useEffect(() => {
    const html = document.documentElement;
    html.dataset.theme = theme;
    html.classList.toggle('present', present);
  }, [theme, present]);

  const section = SECTIONS[sectionIndex(path)];
  const mounted = SECTIONS.filter((s) => s.path === path || visited.has(s.path));
  return (
    <LangContext.Provider value={lang}>
      <DocumentTitle path={path} lang={lang} />
      <Header lang={lang} theme={theme} present={present} />
      <main id="main" tabIndex={-1}>
        {path === '/' && <HomePage />}
        {path === '/presets' && <PresetsPage />}
        {path !== '/' && path !== '/presets' && !section && <NotFound />}
        {mounted.map((s) => {
          const active = s.path === path;
          return (
            <div key={s.path} className="page" hidden={!active} data-page={s.path}>
              <PageContext.Provider value={{ active, route: active ? route : (visited.get(s.path) ?? null) }}>
                <SectionView section={s} />
              </PageContext.Provider>
            </div>
          );
        })}
      </main>
      <PrevNext path={path} present={present} />
      {blank && present && (
        <div className="blank-screen" data-testid="blank-screen" role="presentation" onClick={() => setBlank(false)} />
      )}
    </LangContext.Provider>
  );
}
