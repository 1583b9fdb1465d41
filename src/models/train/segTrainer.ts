/**
 * The segmentation page's training engine (no React, no DOM): three networks trained side by side on
 * the same synthetic batches, one step of each at a time, with the loss of every step and the
 * validation mIoU every few steps. It runs inside a Web Worker (`segTrain.worker.ts`; the page talks
 * to it through `segTrainClient.ts`), on the worker's own tfjs backend: the page's backend and the
 * models other pages loaded are never touched. A step's gradients are computed, then it yields to the
 * event loop, then applies them: a pause/reset message that came during the step drops it (no step
 * counts after a pause); configure acts from the next step. Listeners get immutable snapshots.
 */
import type { BackendName } from '../backend';
import { createSegNet, fetchCheckpoint, gradientsOnBatch, NET_IDS, predictPacked, SegAdam, type NetId, type SegNet } from '../segNets';
import { DEFAULT_SYNTH, evaluateSegmentation, packBatch, SEG_NUM_CLASSES, splitSamples, type SegEvaluation, type SynthSample } from '../../core/segSynth';

export type InitFrom = 'checkpoint' | 'scratch';
/** `scoring`: training has stopped (no step runs any more) and the validation set is being scored. */
export type Phase = 'idle' | 'loading' | 'ready' | 'training' | 'scoring' | 'error';

import { stepUnlessStopped, yieldToEvents } from './pendingStep';
import { EVAL_EVERY, VAL_N } from './segTrainShared';
/** Browser training batches come from the train split far beyond what `npm run train:seg` used. */
const TRAIN_OFFSET = 1_000_000;
const SIZE = DEFAULT_SYNTH.size;

export interface NetSnapshot {
  readonly id: NetId;
  readonly paramCount: number;
  /** Where the weights came from; `missing` = a checkpoint was asked for but could not be loaded. */
  readonly origin: 'checkpoint' | 'scratch' | 'missing';
  readonly originDetail: string | null;
  /** Steps already behind the weights when loaded (from the checkpoint's info). */
  readonly baseSteps: number;
  readonly eval: SegEvaluation | null;
  /** Predictions for the validation images, back to back. */
  readonly pred: Uint8Array | null;
}

export interface Curves {
  readonly steps: readonly number[];
  readonly loss: Readonly<Record<NetId, readonly number[]>>;
  readonly evalSteps: readonly number[];
  readonly miou: Readonly<Record<NetId, readonly number[]>>;
}

export interface TrainerSnapshot {
  readonly phase: Phase;
  readonly backend: string | null;
  readonly step: number;
  readonly stepsPerSec: number | null;
  readonly nets: Readonly<Record<NetId, NetSnapshot>> | null;
  readonly curves: Curves;
  readonly error: string | null;
}

/** Starts the engine's backend and says which one it got (e.g. `wasm`, `wasm (2 threads)`). */
export type BackendSetup = (preferred: BackendName | undefined) => Promise<string>;

const emptyCurves = (): Curves => ({ steps: [], loss: { fcn: [], unet: [], aspp: [] }, evalSteps: [], miou: { fcn: [], unet: [], aspp: [] } });

/** A net's checkpoint folder under the site root (`siteBase` ends with '/'). */
export function checkpointBase(siteBase: string, id: NetId): string {
  return new URL(`checkpoints/seg-${id}/`, siteBase).href;
}

export class SegTrainer {
  private snap: TrainerSnapshot = { phase: 'idle', backend: null, step: 0, stepsPerSec: null, nets: null, curves: emptyCurves(), error: null };
  private readonly listeners = new Set<() => void>();
  private nets = new Map<NetId, SegNet>();
  private opts = new Map<NetId, SegAdam>();
  private running = false;
  private generation = 0;
  readonly valSamples: readonly SynthSample[] = splitSamples('val', 0, VAL_N);
  private readonly val = packBatch(this.valSamples);
  private readonly valLabels = this.valSamples.map((s) => s.labels);
  private lr = 0.003;
  private batch = 8;

  constructor(
    private readonly setupBackend: BackendSetup,
    private readonly siteBase: string,
  ) {}

  /** Learning rate and batch size, used from the next step on. */
  configure(lr: number, batch: number): void {
    this.lr = lr;
    this.batch = batch;
  }

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getSnapshot = (): TrainerSnapshot => this.snap;

  private update(p: Partial<TrainerSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    this.listeners.forEach((l) => l());
  }

  /** (Re)creates the three nets from the checkpoints or from scratch and scores them. */
  async reset(from: InitFrom, preferred?: BackendName): Promise<void> {
    const gen = ++this.generation;
    this.running = false;
    this.update({ phase: 'loading', error: null, stepsPerSec: null });
    try {
      const backend = await this.setupBackend(preferred);
      if (gen !== this.generation) return;
      const fresh = new Map<NetId, SegNet>();
      const nets: Partial<Record<NetId, NetSnapshot>> = {};
      try {
        for (const id of NET_IDS) {
          const net = createSegNet(id, SEG_NUM_CLASSES, 1);
          fresh.set(id, net);
          let origin: NetSnapshot['origin'] = 'scratch';
          let detail: string | null = null;
          let baseSteps = 0;
          if (from === 'checkpoint') {
            try {
              const json = await fetchCheckpoint(net, checkpointBase(this.siteBase, id));
              origin = 'checkpoint';
              const steps = json.info?.['steps'];
              baseSteps = typeof steps === 'number' ? steps : 0;
            } catch (e) {
              origin = 'missing';
              detail = e instanceof Error ? e.message : String(e);
            }
          }
          nets[id] = { id, paramCount: net.paramCount, origin, originDetail: detail, baseSteps, eval: null, pred: null };
        }
      } catch (e) {
        fresh.forEach((n) => n.dispose());
        throw e;
      }
      if (gen !== this.generation) {
        fresh.forEach((n) => n.dispose());
        return;
      }
      this.freeNets();
      this.nets = fresh;
      for (const id of NET_IDS) this.opts.set(id, new SegAdam(this.lr));
      this.update({ backend, step: 0, curves: emptyCurves(), nets: nets as Record<NetId, NetSnapshot> });
      await this.evaluate(gen);
      if (gen !== this.generation) return;
      this.update({ phase: 'ready' });
    } catch (e) {
      if (gen === this.generation) this.update({ phase: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async evaluate(gen: number): Promise<void> {
    const prev = this.snap.nets;
    if (!prev) return;
    const next: Partial<Record<NetId, NetSnapshot>> = {};
    for (const id of NET_IDS) {
      const net = this.nets.get(id);
      if (!net) return;
      const pred = await predictPacked(net, this.val.images, this.val.count, SIZE);
      if (gen !== this.generation) return;
      next[id] = { ...prev[id], eval: evaluateSegmentation(this.valLabels, pred, SIZE, SEG_NUM_CLASSES, 2), pred };
    }
    const nets = next as Record<NetId, NetSnapshot>;
    const c = this.snap.curves;
    this.update({
      nets,
      curves: {
        ...c,
        evalSteps: [...c.evalSteps, this.snap.step],
        miou: { fcn: [...c.miou.fcn, nets.fcn.eval!.meanIoU], unet: [...c.miou.unet, nets.unet.eval!.meanIoU], aspp: [...c.miou.aspp, nets.aspp.eval!.meanIoU] },
      },
    });
  }

  /** Trains until pause(), a reset or `maxSteps` more steps. */
  async start(maxSteps = Infinity): Promise<void> {
    if (this.running || this.snap.phase !== 'ready') return;
    const gen = this.generation;
    this.running = true;
    this.update({ phase: 'training' });
    let done = 0;
    let t0 = performance.now();
    let n0 = 0;
    try {
      while (this.running && gen === this.generation && done < maxSteps) {
        const step = this.snap.step;
        const b = packBatch(splitSamples('train', TRAIN_OFFSET + step * this.batch, this.batch));
        const losses: Partial<Record<NetId, number>> = {};
        for (const id of NET_IDS) this.opts.get(id)!.setLearningRate(this.lr);
        // A pause (or reset) that came during the step drops it: no step after a pause.
        const pending = await stepUnlessStopped(
          () => gradientsOnBatch(NET_IDS.map((id) => ({ net: this.nets.get(id)!, optimizer: this.opts.get(id)! })), b, SIZE),
          () => this.running && gen === this.generation,
        );
        if (!pending) {
          if (gen !== this.generation) return;
          break;
        }
        NET_IDS.forEach((id, k) => (losses[id] = pending.losses[k]!));
        const c = this.snap.curves;
        const now = performance.now();
        n0++;
        const rate = now - t0 > 500 ? (n0 * 1000) / (now - t0) : this.snap.stepsPerSec;
        if (now - t0 > 500) {
          t0 = now;
          n0 = 0;
        }
        this.update({
          step: step + 1,
          stepsPerSec: rate,
          curves: {
            ...c,
            steps: [...c.steps, step + 1],
            loss: { fcn: [...c.loss.fcn, losses.fcn!], unet: [...c.loss.unet, losses.unet!], aspp: [...c.loss.aspp, losses.aspp!] },
          },
        });
        done++;
        if ((step + 1) % EVAL_EVERY === 0) await this.evaluate(gen);
        await yieldToEvents();
      }
    } catch (e) {
      // A reset during a step disposes the nets under it: that is not an error of the new run.
      if (gen === this.generation) {
        this.running = false;
        this.update({ phase: 'error', error: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    if (gen === this.generation) {
      this.running = false;
      this.update({ phase: 'scoring' });
      if (this.snap.step % EVAL_EVERY !== 0) await this.evaluate(gen);
      if (gen === this.generation) this.update({ phase: 'ready' });
    }
  }

  pause(): void {
    this.running = false;
  }

  private freeNets(): void {
    this.nets.forEach((n) => n.dispose());
    this.opts.forEach((o) => o.dispose());
    this.nets.clear();
    this.opts.clear();
  }

  dispose(): void {
    this.running = false;
    this.generation++;
    this.freeNets();
  }
}
