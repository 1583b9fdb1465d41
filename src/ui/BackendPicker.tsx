import { useId, useState } from 'react';
import { setSearchParam } from '../app/router';
import { useT } from '../i18n/LangContext';
import { BACKENDS, isBackendName } from '../models/backendNames';
import type { WorkerModelId } from '../models/registry';
import { runtimeTexts } from './runtime.texts';
import { useRuntimeInstance } from './RuntimeContext';
import { useRuntime } from './useRuntime';

const NAMES = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

/**
 * Shows the active tfjs backend, why others were skipped, and lets the user switch. `worker`: the page's
 * model runs in a Web Worker (`useWorkerModel`): its backend and attempts are shown, not the main thread's.
 */
export function BackendPicker({ worker }: { readonly worker?: WorkerModelId } = {}) {
  const t = useT(runtimeTexts);
  const runtime = useRuntimeInstance();
  const snap = useRuntime();
  const id = useId();
  const [switching, setSwitching] = useState(false);
  // the runtime clears contextLost once WASM runs; the notice stays until the user dismisses it (#15)
  const [lostNotice, setLostNotice] = useState(false);
  const [lostSeen, setLostSeen] = useState(false);
  if (snap.contextLost && !lostSeen) {
    setLostSeen(true);
    setLostNotice(true);
  } else if (!snap.contextLost && lostSeen) setLostSeen(false);
  // Before the page's own backend is up, a model running in a worker shows (and switches) its backend.
  const state = worker !== undefined ? snap.workers[worker] : (snap.backend ?? Object.values(snap.workers)[0]);
  const active = state?.active;
  const failed = state?.attempts.filter((a) => !a.ok) ?? [];

  return (
    <div className="backend-picker">
      <label htmlFor={id}>{t('backend')}</label>{' '}
      <select
        id={id}
        data-testid="backend-select"
        value={active ?? ''}
        disabled={switching || !active}
        title={t('backendHint')}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (!isBackendName(v)) return;
          setSwitching(true);
          setSearchParam('backend', v);
          void runtime.switchBackend(v).finally(() => setSwitching(false));
        }}
      >
        {!active && <option value="">…</option>}
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {NAMES[b]}
          </option>
        ))}
      </select>{' '}
      <span className="visually-hidden" data-testid="backend" data-backend={active ?? ''}>{active ? NAMES[active] : ''}</span>
      {switching && <span role="status"> {t('switching')}</span>}
      {active && failed.length > 0 && !snap.contextLost && !lostNotice && (
        <p className="notice" role="status">
          {t('backendFallback', { failed: failed.map((f) => NAMES[f.name]).join(', '), active: NAMES[active] })}
        </p>
      )}
      {lostNotice && (
        <p className="notice" role="status" data-testid="context-lost">
          {t('contextLost')}{' '}
          <button type="button" data-testid="context-lost-dismiss" onClick={() => setLostNotice(false)}>{t('dismiss')}</button>
        </p>
      )}
      {snap.backendError && <p className="error" role="alert">{t('backendNone', { detail: snap.backendError })}</p>}
    </div>
  );
}
