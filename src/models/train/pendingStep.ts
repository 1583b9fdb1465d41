/**
 * A training step in two halves, as the training workers run it (`segTrainer.ts`, `yoloTrain.worker.ts`):
 * the gradients are computed, the worker lets its queued messages run, then the step is applied, or
 * discarded when a pause (or reset, or new session) came in between, as if it never ran.
 */

/** The second half of a step: exactly one of the two, once. */
export interface StepHalves {
  /** Updates the weights and the optimizer's state with the gradients, then frees them. */
  apply(): void;
  /** Frees the gradients: weights and optimizer state stay as before the step. */
  discard(): void;
}

/** `apply()` runs `update` then `free`, `discard()` only `free`; a second call of either throws (`who` names the step). */
export function applyOrDiscardOnce(who: string, update: () => void, free: () => void): StepHalves {
  let done = false;
  const finish = (apply: boolean) => {
    if (done) throw new Error(`${who}: a pending step is applied or discarded once`);
    done = true;
    if (apply) update();
    free();
  };
  return { apply: () => finish(true), discard: () => finish(false) };
}

/**
 * Lets queued messages (pause, configure, reset, a new session, the learning rate) run: a macrotask, not
 * a microtask (`tf.nextFrame` would wait for a frame the worker may never get).
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/**
 * One step the worker's way: `compute()` the gradients, yield to the queued messages, then apply the
 * step if `keep()` still holds (returns it) or discard it (returns null).
 */
export async function stepUnlessStopped<P extends StepHalves>(compute: () => Promise<P>, keep: () => boolean): Promise<P | null> {
  const pending = await compute();
  await yieldToEvents(); // a pause queued during the step runs here
  if (!keep()) {
    pending.discard();
    return null;
  }
  pending.apply();
  return pending;
}
