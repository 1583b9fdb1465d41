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

export class Runtime {
  private snapshot: RuntimeSnapshot = { backend: null, backendError: null, contextLost: false, models: {} };
  private listeners = new Set<() => void>();
  private backendPromise: Promise<BackendState> | null = null;
  private coco: Promise<CocoSsdAdapter> | null = null;
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
    const coco = this.coco;
    this.coco = null;
    void coco?.then((a) => a.dispose(), () => undefined);
    this.update({ models: {} });
  }

  /** The coco-ssd adapter, loaded (and verified) once per backend. */
  cocoSsd(preferred?: BackendName): Promise<CocoSsdAdapter> {
    if (!this.coco) {
      const id = COCO_SSD_ID;
      this.setModel(id, { state: 'loading' });
      const base = `${this.config.modelsBase}${id}/`;
      this.coco = (async () => {
        await this.ensureBackend(preferred);
        await verifyModelFiles(base, this.config.files[id] ?? []);
        const a = new CocoSsdAdapter(`${base}model.json`);
        await a.load();
        return a;
      })();
      this.coco.then(
        () => this.setModel(id, { state: 'ready' }),
        (e: unknown) => {
          this.coco = null;
          this.setModel(id, { state: 'error', error: e instanceof Error ? e : new Error(String(e)) });
        },
      );
    }
    return this.coco;
  }

  memory(): number {
    return tf.memory().numTensors;
  }
}
