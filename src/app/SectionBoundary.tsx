/**
 * One error boundary per page: a render error (or a page chunk that cannot be loaded, e.g.
 * offline) shows a message in the UI language with a button that reloads only this section; the
 * header, the contents and the other sections keep working. `?crash=1` makes the page throw while
 * rendering — a harmless switch the e2e test uses to provoke the boundary.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/LangContext';
import { appTexts } from './app.texts';
import { isChunkLoadError } from './lazySection';
import { useSearchParam } from './router';

interface Props {
  /** The route: a new route clears the error. */
  readonly resetKey: string;
  /** Called before the boundary re-renders its children (e.g. to forget a failed lazy import). */
  readonly onRetry: () => void;
  readonly children: ReactNode;
}

interface State {
  readonly error: unknown;
  readonly key: string;
}

export class SectionBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error ?? new Error('unknown error') };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('section error', error, info.componentStack);
  }

  private retry = (): void => {
    this.props.onRetry();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    if (this.state.error) return <SectionError error={this.state.error} onRetry={this.retry} />;
    return this.props.children;
  }
}

function SectionError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT(appTexts);
  const chunk = isChunkLoadError(error);
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="section-error" role="alert" data-testid="section-error" data-kind={chunk ? 'load' : 'render'}>
      <p>{chunk ? t('sectionLoadFailed') : t('sectionCrashed')}</p>
      <p className="hint">
        <code>{detail}</code>
      </p>
      <button type="button" onClick={onRetry} data-testid="section-retry">
        {chunk ? t('sectionRetry') : t('sectionReload')}
      </button>
    </div>
  );
}

/** Throws while rendering when the URL has `?crash=1` (test switch; nothing else reads it). */
export function CrashSwitch() {
  if (useSearchParam('crash') === '1') throw new Error('render error requested by ?crash=1');
  return null;
}
