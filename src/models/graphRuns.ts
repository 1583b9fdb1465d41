/**
 * Graph runs and disposal (issue #15, tensors leaking on every backend switch). A `GraphModel` disposed
 * while one of its `executeAsync` runs is in flight (a page started a run, the user switched the
 * backend) loses the run's intermediate tensors: the weights go, the executor fails or finishes
 * without them and nothing disposes what it had made (about 15 tensors for coco-ssd's control flow).
 * And a run on a model already disposed makes a few tensors before it fails on the first weight.
 *
 * `installGraphRunGuard()` (called once where the app loads tfjs, `backend.ts`) wraps the prototype,
 * so every graph model of the app and of the packages it uses (coco-ssd's) is covered, today's and
 * later ones:
 * - `dispose()` during a run marks the model disposed and frees the weights when its last run ends;
 * - `executeAsync()` on a disposed model rejects before it makes any tensor;
 * - `graphRunsSettled(ms)` resolves once no graph run is in flight (or after `ms`): the runtime waits
 *   for it before it changes the backend, so a run never continues on the next backend.
 */
import * as tf from '@tensorflow/tfjs';

type ExecuteAsync = tf.GraphModel['executeAsync'];

const running = new WeakMap<object, number>();
const disposed = new WeakSet<object>();
const disposeLater = new WeakSet<object>();
let inFlight = 0;
let waiters: (() => void)[] = [];
let installed = false;

/** Error message of a run on a disposed graph model. */
export const DISPOSED_GRAPH = 'the model was disposed (backend switched): run it again on the new one';

export function installGraphRunGuard(): void {
  if (installed) return;
  installed = true;
  const proto = tf.GraphModel.prototype;
  const executeAsync = proto.executeAsync;
  const dispose = proto.dispose;
  /** Bookkeeping at the end of a run; the outputs the caller gets (see below). */
  const settle = <T extends tf.Tensor | tf.Tensor[] | tf.NamedTensorMap>(model: tf.GraphModel, out: T | null): T | null => {
    const left = (running.get(model) ?? 1) - 1;
    running.set(model, left);
    inFlight--;
    if (left === 0 && disposeLater.has(model)) {
      disposeLater.delete(model);
      // An output may be one of the graph's constants (a weight tensor, e.g. coco-ssd's anchors): it would
      // go with the weights, so the caller gets a copy of it, which it disposes like the other outputs.
      if (out) out = copyConstants(model, out);
      dispose.call(model);
    }
    if (inFlight === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
    return out;
  };
  const guarded = async function (this: tf.GraphModel, ...args: Parameters<ExecuteAsync>): ReturnType<ExecuteAsync> {
    if (disposed.has(this)) throw new Error(DISPOSED_GRAPH);
    running.set(this, (running.get(this) ?? 0) + 1);
    inFlight++;
    let out: Awaited<ReturnType<ExecuteAsync>>;
    try {
      out = await executeAsync.apply(this, args);
    } catch (e) {
      settle(this, null);
      throw e;
    }
    return settle(this, out)!;
  };
  proto.executeAsync = guarded;
  proto.dispose = function (this: tf.GraphModel): void {
    if (disposed.has(this)) return;
    disposed.add(this);
    if ((running.get(this) ?? 0) > 0) disposeLater.add(this);
    else dispose.call(this);
  };
}

function copyConstants<T extends tf.Tensor | tf.Tensor[] | tf.NamedTensorMap>(model: tf.GraphModel, out: T): T {
  const weights = new Set<tf.Tensor>(Object.values(model.weights).flat());
  const own = (t: tf.Tensor) => (weights.has(t) ? tf.clone(t) : t);
  if (out instanceof tf.Tensor) return own(out) as T;
  if (Array.isArray(out)) return out.map(own) as T;
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, own(t)])) as T;
}

/** Graph runs in flight now (all models). */
export function graphRunsInFlight(): number {
  return inFlight;
}

/** Resolves when no graph run is in flight, or after `maxMs` (a run that never ends must not block a switch). */
export function graphRunsSettled(maxMs: number): Promise<void> {
  if (inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxMs);
    function done() {
      clearTimeout(timer);
      waiters = waiters.filter((w) => w !== done);
      resolve();
    }
    waiters.push(done);
  });
}
