/**
 * The app's model runtime: one active tfjs backend and the loaded adapters. Switching the backend
 * disposes every adapter (weights live on a backend) and reloads on demand. Framework-free: the UI
 * subscribes with `subscribe`/`getSnapshot`.
 *
 * tfjs (about 1 MB of JS) is imported only when a backend is first needed (`ensureBackend`, hence
 * `load`/`create`): a page that never asks for a model or a tf op never downloads it.
 */
import type { BackendName, BackendState } from './backendNames';
import type { CocoSsdAdapter } from './cocoSsd';
import { isModelId, REGISTRY, type AdapterFor, type ModelId, type WorkerAdapterFor, type WorkerContext, type WorkerModelId } from './registry';
import { verifiedFetch, verifyModelFiles, type ManifestFile } from './verify';
import type { VerifiedFiles } from './verifiedLoad';
import { ModelLoadError } from './types';

export type LoadStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'ready' }
  | { readonly state: 'error'; readonly error: ModelLoadError | Error };

export interface RuntimeSnapshot {
  readonly backend: BackendState | null;
  readonly backendError: string | null;
  readonly contextLost: boolean;
  readonly models: Readonly<Record<string, LoadStatus>>;
  /** Backends of the models loaded in workers (`loadInWorker`), by model id; the main thread's is `backend`. */
  readonly workers: Readonly<Record<string, BackendState>>;
}

export interface RuntimeConfig {
  /** URL of the site root (public/ in the repo), ending with '/': registry folders are relative to it. */
  readonly siteBase: string;
  /** URL of the folder with the tfjs WASM binaries, ending with '/'. */
  readonly wasmBase: string;
  /** Files to verify per model id (from models/manifest.json). */
  readonly files: Readonly<Record<string, readonly ManifestFile[]>>;
}

/** Loads a model from its folder URL; `files`: the manifest's files, already fetched and checked. */
export type Factory<A> = (base: string, files?: VerifiedFiles) => Promise<A>;

/** What the runtime needs of a loaded model: something to dispose when the backend changes. */
export interface Disposable {
  dispose(): void;
}

/** What the runtime needs of a model loaded in a worker. */
interface WorkerDisposable extends Disposable {
  readonly backend: { readonly backend: BackendName; readonly attempts: BackendState['attempts'] };
  /** Subscribes to the loss of the worker's WebGL context (adapters that run on WebGL). */
  readonly onContextLost?: (cb: () => void) => () => void;
}

/** `loaded` keys of the models in workers. */
const WORKER_KEY = 'worker:';
/** A switch waits at most this long for the graph runs in flight, then for models still loading. */
const SWITCH_RUNS_WAIT_MS = 20_000;
const SWITCH_LOADS_WAIT_MS = 60_000;

/** `p`'s value, or undefined when it takes longer than `ms`. */
async function withinMs<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export class Runtime {
  private snapshot: RuntimeSnapshot = { backend: null, backendError: null, contextLost: false, models: {}, workers: {} };
  private listeners = new Set<() => void>();
  private backendPromise: Promise<BackendState> | null = null;
  private loaded = new Map<string, Promise<Disposable>>();
  private unwatch: () => void = () => undefined;
  /** The tfjs-importing backend module, once `ensureBackend` has loaded it. */
  private tfBackend: typeof import('./backend') | null = null;
  /**
   * The backend chosen for workers by the runtime itself (a switch, or WASM after a worker lost its WebGL
   * context): it wins over the page's `preferred` (the `?backend=` the page was opened with), as the main
   * thread's running backend does for `load`.
   */
  private workerChoice: BackendName | null = null;

  constructor(private readonly config: RuntimeConfig) {}

  /** URL of the site root (ending with '/'): workers resolve model and checkpoint folders against it. */
  get siteBase(): string {
    return this.config.siteBase;
  }

  /** URL of the tfjs WASM binaries (ending with '/'), for workers that start their own backend. */
  get wasmBase(): string {
    return this.config.wasmBase;
  }

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getSnapshot = (): RuntimeSnapshot => this.snapshot;

  private update(patch: Partial<RuntimeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private setModel(id: string, status: LoadStatus): void {
    this.update({ models: { ...this.snapshot.models, [id]: status } });
  }

  /** Initialise the backend once (preferred first, then webgl → wasm → cpu). */
  ensureBackend(preferred?: BackendName): Promise<BackendState> {
    this.backendPromise ??= this.startBackend(preferred, Promise.resolve());
    return this.backendPromise;
  }

  /** Starts the backend once `before` has settled (a switch: the previous backend's models retired). */
  private startBackend(preferred: BackendName | undefined, before: Promise<void>): Promise<BackendState> {
    const p: Promise<BackendState> = before
      .then(() => import('./backend'))
      .then(async (b) => {
        this.tfBackend = b;
        b.configureWasm(this.config.wasmBase);
        const state = await b.initBackend(preferred);
        this.update({ backend: state, backendError: null, contextLost: false });
        this.unwatch();
        this.unwatch = b.watchWebglContext(() => {
          this.update({ contextLost: true });
          void this.switchBackend('wasm', 0);
        });
        return state;
      })
      .catch((e: unknown) => {
        if (this.backendPromise === p) this.backendPromise = null;
        this.update({ backendError: e instanceof Error ? e.message : String(e) });
        throw e;
      });
    return p;
  }

  /**
   * Every model to `name`: the main thread's backend is restarted on it (if it was started: a page whose
   * models all run in workers never loads tfjs here), and the models loaded in workers are reloaded on it
   * (their workers terminated). Resolves with the main thread's state, else the first worker's.
   *
   * No tensor outlives a switch (issue #15): the loaded models are detached at once, so a `load()` from
   * now on waits for the new backend and never gets a model about to be disposed; they are disposed once
   * their loads (and warm-ups) are done, graph runs still in flight finish first (`graphRuns.ts`, at most
   * `runsWaitMs`; 0 after a lost WebGL context, whose runs are worthless), and only then does tfjs change
   * the backend, so no run continues on the next one.
   */
  async switchBackend(name: BackendName, runsWaitMs = SWITCH_RUNS_WAIT_MS): Promise<BackendState> {
    const previous = this.backendPromise;
    const inWorkers = [...this.loaded.keys()].filter((k) => k.startsWith(WORKER_KEY)).map((k) => k.slice(WORKER_KEY.length) as WorkerModelId);
    const onMain = this.detachModels();
    this.workerChoice = name;
    this.backendPromise = previous ? this.startBackend(name, this.retire(previous, onMain, runsWaitMs)) : null;
    const main = this.backendPromise;
    const workers = await Promise.allSettled(inWorkers.map((id) => this.loadInWorker(id, name)));
    if (main) return main;
    const first = workers.length > 0 ? inWorkers[0] : undefined;
    const state = first !== undefined ? this.snapshot.workers[first] : undefined;
    if (state) return state;
    if (workers[0]?.status === 'rejected') throw workers[0].reason;
    return { active: name, attempts: [] };
  }

  /** The previous backend's models disposed, after their loads and the graph runs in flight (bounded waits). */
  private async retire(previous: Promise<BackendState>, models: readonly Promise<Disposable>[], runsWaitMs: number): Promise<void> {
    await previous.catch(() => undefined);
    const settled = await withinMs(Promise.allSettled(models), SWITCH_LOADS_WAIT_MS);
    for (const m of settled ?? []) if (m.status === 'fulfilled') m.value.dispose();
    // Models still loading after the wait are disposed when they are done (on whichever backend they ended up).
    if (!settled) for (const p of models) void p.then((a) => a.dispose(), () => undefined);
    if (runsWaitMs > 0) await this.tfBackend?.graphRunsSettled(runsWaitMs);
  }

  /**
   * Empties `loaded` and the snapshot's statuses: models in workers are disposed (terminated) now; the
   * main thread's are returned for the caller to dispose when it is safe.
   */
  private detachModels(): Promise<Disposable>[] {
    const onMain: Promise<Disposable>[] = [];
    for (const [key, p] of this.loaded) {
      if (key.startsWith(WORKER_KEY)) void p.then((a) => a.dispose(), () => undefined);
      else onMain.push(p);
    }
    this.loaded.clear();
    this.update({ models: {}, workers: {} });
    return onMain;
  }

  private disposeModels(): void {
    for (const p of this.detachModels()) void p.then((a) => a.dispose(), () => undefined);
  }

  /** Base URL of a model's folder: its registry folder, else `<site>/models/<id>/`. */
  modelBase(id: string): string {
    const folder = isModelId(id) ? REGISTRY[id].folder : `models/${id}/`;
    return new URL(folder, this.config.siteBase).href;
  }

  /** Checks the files the manifest lists for `id` (size + sha256); a `ModelLoadError` names the bad one. */
  verify(id: string): Promise<void> {
    return verifyModelFiles(this.modelBase(id), this.config.files[id] ?? []);
  }

  /**
   * A model from the registry (or, for code not migrated yet, any `create`), loaded once per backend:
   * the backend is initialised, the files listed for `id` in the manifest are fetched once and
   * verified, then the factory loads those very bytes (`VerifiedFiles`; nothing is fetched twice). Status goes into the snapshot; a backend switch disposes it; after an error
   * the next call tries again. The runtime owns it: callers never dispose it.
   */
  load<I extends ModelId>(id: I, preferred?: BackendName): Promise<AdapterFor<I>>;
  load<A extends Disposable>(id: string, create: Factory<A>, preferred?: BackendName): Promise<A>;
  load(id: string, createOrPreferred?: Factory<Disposable> | BackendName, preferred?: BackendName): Promise<Disposable> {
    const create = typeof createOrPreferred === 'function' ? createOrPreferred : this.factory(id);
    const pref = typeof createOrPreferred === 'function' ? preferred : createOrPreferred;
    let p = this.loaded.get(id);
    if (!p) {
      const mine = this.open(id, create, pref);
      p = mine;
      this.loaded.set(id, mine);
      mine.catch(() => {
        if (this.loaded.get(id) === mine) this.loaded.delete(id);
      });
    }
    return p;
  }

  /**
   * A fresh instance the caller owns (verified like `load`, not shared, not disposed on a backend
   * switch): for models a page trains or otherwise changes. The caller disposes it.
   */
  create<I extends ModelId>(id: I, preferred?: BackendName): Promise<AdapterFor<I>> {
    return this.open(id, this.factory(id), preferred) as Promise<AdapterFor<I>>;
  }

  private factory(id: string): Factory<Disposable> {
    if (!isModelId(id)) throw new Error(`unknown model "${id}": add it to src/models/registry.ts`);
    return REGISTRY[id].create as Factory<Disposable>;
  }

  private open(id: string, create: Factory<Disposable>, preferred?: BackendName): Promise<Disposable> {
    this.setModel(id, { state: 'loading' });
    const p = (async () => {
      await this.ensureBackend(preferred);
      const base = this.modelBase(id);
      const listed = this.config.files[id] ?? [];
      // One download: the checked bytes go to the factory (a model with no manifest entry loads by URL).
      const files = listed.length > 0 ? await (await import('./verifiedLoad')).fetchVerified(base, listed) : undefined;
      return create(base, files);
    })();
    p.then(
      () => this.setModel(id, { state: 'ready' }),
      (e: unknown) => this.setModel(id, { state: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return p;
  }

  /**
   * A registry model whose graph runs in a Web Worker (its entry's `worker` factory): verified like
   * `load`, loaded once, owned by the runtime (disposed — the worker terminated — on a backend switch).
   * The main thread's tfjs backend is not started for it; the worker asks for `preferred`, else the
   * main thread's active backend if there is one, else picks its own (webgl → wasm → cpu).
   */
  loadInWorker<I extends WorkerModelId>(id: I, preferred?: BackendName): Promise<WorkerAdapterFor<I>> {
    const key = `${WORKER_KEY}${id}`;
    let p = this.loaded.get(key);
    if (!p) {
      const entry = REGISTRY[id] as { worker: (base: string, ctx: WorkerContext) => Promise<WorkerDisposable> };
      const backend = this.workerChoice ?? preferred ?? this.snapshot.backend?.active;
      const mine = (async () => {
        this.setModel(id, { state: 'loading' });
        try {
          // One download: the checked bytes are handed (transferred) to the worker, which loads them.
          const base = this.modelBase(id);
          const listed = this.config.files[id] ?? [];
          const bodies = listed.length > 0 ? await verifiedFetch(base, listed) : undefined;
          const a = await entry.worker(base, { wasmBase: this.config.wasmBase, backend, bodies });
          this.setModel(id, { state: 'ready' });
          this.update({ workers: { ...this.snapshot.workers, [id]: { active: a.backend.backend, attempts: a.backend.attempts } } });
          a.onContextLost?.(() => this.workerContextLost(id, key, mine));
          return a;
        } catch (e) {
          this.setModel(id, { state: 'error', error: e instanceof Error ? e : new Error(String(e)) });
          throw e;
        }
      })();
      p = mine;
      this.loaded.set(key, mine);
      mine.catch(() => {
        if (this.loaded.get(key) === mine) this.loaded.delete(key);
      });
    }
    return p as Promise<WorkerAdapterFor<I>>;
  }

  /**
   * A worker's WebGL context was lost (issue #15): as on the main thread, `contextLost` is raised for the
   * notice, the worker is terminated and the model is reloaded on WASM (the page's `useWorkerModel` picks
   * the new adapter up); `contextLost` is cleared once it runs there, or failed to.
   */
  private workerContextLost(id: WorkerModelId, key: string, lost: Promise<Disposable>): void {
    if (this.loaded.get(key) !== lost) return; // already replaced (a switch)
    this.update({ contextLost: true });
    this.loaded.delete(key);
    void lost.then((a) => a.dispose(), () => undefined);
    this.update({ workers: Object.fromEntries(Object.entries(this.snapshot.workers).filter(([k]) => k !== id)) });
    this.workerChoice = 'wasm';
    this.loadInWorker(id, 'wasm').then(
      () => this.update({ contextLost: false }),
      () => this.update({ contextLost: false }), // the load error is in the model's status
    );
  }

  /** @deprecated use `load('coco-ssd-lite_mobilenet_v2')` (kept for code not migrated yet). */
  cocoSsd(preferred?: BackendName): Promise<CocoSsdAdapter> {
    return this.load('coco-ssd-lite_mobilenet_v2', preferred);
  }

  /** Disposes every loaded model and stops watching the WebGL context (app teardown, tests). */
  dispose(): void {
    this.unwatch();
    this.unwatch = () => undefined;
    this.disposeModels();
    this.listeners.clear();
  }

  /** Live tensors (0 before tfjs is loaded: there are none). */
  memory(): number {
    return this.tfBackend ? this.tfBackend.numTensors() : 0;
  }
}
