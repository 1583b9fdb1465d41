/**
 * The page's one TinyYOLO instance, shared by its sections: loaded from the shipped checkpoint
 * (public/checkpoints/tinyyolo/) or, when there is none, created with random weights. A version counter
 * bumps whenever the weights change (training steps, reset), so views re-run the net.
 */
import type { BackendName } from '../../models/backendNames';
import { DEFAULT_SPLITS, TINYYOLO_PRIORS } from '../../core/yolo/dataset';
import { DEFAULT_SYNTH, SHAPE_CLASSES } from '../../core/yolo/synthData';
import { DEFAULT_FILTERS, TinyYolo, type ShippedTraining, type TinyYoloAdapter, type TinyYoloConfig } from '../../models/tinyYolo';
import { ModelLoadError } from '../../models/types';

export const DEFAULT_CONFIG: TinyYoloConfig = {
  inputSize: DEFAULT_SYNTH.size,
  grid: DEFAULT_SYNTH.size / 8,
  priors: TINYYOLO_PRIORS,
  classes: [...SHAPE_CLASSES],
  filters: DEFAULT_FILTERS,
};

export type { ShippedTraining };

export interface YoloSnapshot {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error?: string;
  readonly net?: TinyYolo;
  readonly origin?: 'checkpoint' | 'scratch';
  readonly shipped?: ShippedTraining;
  readonly version: number;
}

/** What the store needs of the page's runtime (given by the page from the React context). */
export interface BackendOwner {
  ensureBackend(preferred?: BackendName): Promise<unknown>;
  /**
   * A fresh adapter the caller owns, its files (model.json, weights.bin, training.json) fetched once
   * and checked against the manifest (size + sha256); a `ModelLoadError` names a bad file.
   */
  create(id: 'tinyyolo', preferred?: BackendName): Promise<TinyYoloAdapter>;
}

class YoloStore {
  private snap: YoloSnapshot = { status: 'idle', version: 0 };
  private listeners = new Set<() => void>();
  private loading: Promise<void> | null = null;
  private preferred: BackendName | undefined;
  private owner: BackendOwner | null = null;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getSnapshot = (): YoloSnapshot => this.snap;

  private set(patch: Partial<YoloSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }

  /** Weights changed (a training step): views re-run the network. */
  touch(): void {
    this.set({ version: this.snap.version + 1 });
  }

  /**
   * Weights trained in the worker for `net` (still the page's net: a reset may have replaced it):
   * the page's net takes them and views re-run it.
   */
  applyWeights(net: TinyYolo, weights: readonly Float32Array[]): void {
    if (this.snap.net !== net) return;
    net.setWeightArrays(weights);
    this.touch();
  }

  /** Load once, on the backend of `?backend=` when given (else the best available). */
  ensure(owner: BackendOwner, preferred?: BackendName): Promise<void> {
    this.owner = owner;
    this.preferred = preferred;
    if (!this.loading) this.loading = this.load(true);
    return this.loading;
  }

  /** The page is gone: free the net's tensors; a later ensure() loads again. */
  dispose(): void {
    this.snap.net?.dispose();
    this.loading = null;
    this.set({ status: 'idle', net: undefined, error: undefined });
  }

  async reset(fromCheckpoint: boolean): Promise<void> {
    await this.loading?.catch(() => undefined);
    this.loading = this.load(fromCheckpoint);
    return this.loading;
  }

  private async load(fromCheckpoint: boolean): Promise<void> {
    this.set({ status: 'loading', error: undefined });
    try {
      if (!this.owner) throw new Error('yoloStore: ensure(runtime) first');
      await this.owner.ensureBackend(this.preferred);
      let net: TinyYolo | null = null;
      let shipped: ShippedTraining | undefined = this.snap.shipped;
      if (fromCheckpoint) {
        try {
          // Through the runtime: the checkpoint is verified like every model; the store owns the net.
          const adapter = await this.owner.create('tinyyolo', this.preferred);
          net = adapter.net;
          shipped = adapter.training ?? shipped;
        } catch (e) {
          // No checkpoint shipped (a 404): start from scratch. A damaged one is an error naming the file.
          if (!(e instanceof ModelLoadError && e.kind === 'missing')) throw e;
          net = null;
        }
      }
      const origin = net ? 'checkpoint' : 'scratch';
      net ??= TinyYolo.create(DEFAULT_CONFIG, 42);
      this.snap.net?.dispose();
      this.set({ status: 'ready', net, origin, shipped, version: this.snap.version + 1 });
    } catch (e) {
      this.set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }
}

export const yoloStore = new YoloStore();
export const TEST_SPLIT = { seed: DEFAULT_SPLITS.testSeed, count: DEFAULT_SPLITS.testCount };
