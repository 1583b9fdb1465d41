/**
 * The app's model runtime: one active tfjs backend and the loaded adapters. Switching the backend
 * disposes every adapter (weights live on a backend) and reloads on demand. Framework-free: the UI
 * subscribes with `subscribe`/`getSnapshot`.
 */
import * as tf from '@tensorflow/tfjs';
import { configureWasm, initBackend, watchWebglContext, type BackendName, type BackendState } from './backend';
import { CocoSsdAdapter, COCO_SSD_ID } from './cocoSsd';
import { verifyModelFiles, type ManifestFile } from './verify';
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
}

export interface RuntimeConfig {
  /** Absolute or page-relative URL of the folder holding `<model id>/` folders, ending with '/'. */
  readonly modelsBase: string;
  /** URL of the folder with the tfjs WASM binaries, ending with '/'. */
  readonly wasmBase: string;
  /** Files to verify per model id (from models/manifest.json). */
  readonly files: Readonly<Record<string, readonly ManifestFile[]>>;
}

/** What the runtime needs of a loaded model: something to dispose when the backend changes. */
export interface Disposable {
  dispose(): void;
}

export class Runtime {
  private snapshot: RuntimeSnapshot = { backend: null, backendError: null, contextLost: false, models: {} };
  private listeners = new Set<() => void>();
  private backendPromise: Promise<BackendState> | null = null;
  private loaded = new Map<string, Promise<Disposable>>();
  private unwatch: () => void = () => undefined;

  constructor(private readonly config: RuntimeConfig) {}

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
    if (!this.backendPromise) {
      configureWasm(this.config.wasmBase);
      this.backendPromise = initBackend(preferred).then(
        (state) => {
          this.update({ backend: state, backendError: null, contextLost: false });
          this.unwatch();
          this.unwatch = watchWebglContext(() => {
            this.update({ contextLost: true });
            void this.switchBackend('wasm');
          });
          return state;
        },
        (e: unknown) => {
          this.backendPromise = null;
          this.update({ backendError: e instanceof Error ? e.message : String(e) });
          throw e;
        },
      );
    }
    return this.backendPromise;
  }

  async switchBackend(name: BackendName): Promise<BackendState> {
    await this.backendPromise?.catch(() => undefined);
    this.disposeModels();
    this.backendPromise = null;
    return this.ensureBackend(name);
  }

  private disposeModels(): void {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    for (const p of all) void p.then((a) => a.dispose(), () => undefined);
    this.update({ models: {} });
  }

  /** Base URL of a model's folder (`<models>/<id>/`). */
  modelBase(id: string): string {
    return `${this.config.modelsBase}${id}/`;
  }

  /**
   * A model loaded once per backend: the backend is initialised, the files listed for `id` in the
   * manifest are verified, then `create(base)` loads it. Status goes into the snapshot; a backend
   * switch disposes it; after an error the next call tries again.
   */
  load<A extends Disposable>(id: string, create: (base: string) => Promise<A>, preferred?: BackendName): Promise<A> {
    let p = this.loaded.get(id) as Promise<A> | undefined;
    if (!p) {
      this.setModel(id, { state: 'loading' });
      const base = this.modelBase(id);
      const mine = (async () => {
        await this.ensureBackend(preferred);
        await verifyModelFiles(base, this.config.files[id] ?? []);
        return create(base);
      })();
      p = mine;
      this.loaded.set(id, mine);
      mine.then(
        () => this.setModel(id, { state: 'ready' }),
        (e: unknown) => {
          if (this.loaded.get(id) === mine) this.loaded.delete(id);
          this.setModel(id, { state: 'error', error: e instanceof Error ? e : new Error(String(e)) });
        },
      );
    }
    return p;
  }

  /** The coco-ssd adapter, loaded (and verified) once per backend. */
  cocoSsd(preferred?: BackendName): Promise<CocoSsdAdapter> {
    return this.load(
      COCO_SSD_ID,
      async (base) => {
        const a = new CocoSsdAdapter(`${base}model.json`);
        await a.load();
        return a;
      },
      preferred,
    );
  }

  memory(): number {
    return tf.memory().numTensors;
  }
}
