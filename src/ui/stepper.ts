/**
 * The small "step" registration API: a demo that advances in steps (the X-ray's decoding, NMS step by
 * step, a training run) registers its next/previous actions, and the shell routes → / ← (and, in lecturer
 * mode, space and clicker keys) to it instead of leaving the section:
 *
 *   useStepper({ next: () => setStep(step + 1), prev: () => setStep(step - 1), canNext: step < last, canPrev: step > 0 });
 *
 * Only the page on screen is registered (a hidden page's stepper is ignored). The most recently
 * mounted stepper of the page wins.
 */
import { useEffect, useRef } from 'react';
import { usePageActive } from './pageContext';

export interface Stepper {
  readonly next: () => void;
  readonly prev: () => void;
  readonly canNext?: boolean;
  readonly canPrev?: boolean;
}

const active: { current: Stepper }[] = [];

/** The stepper of the page on screen, if any (for the shell's keys). */
export function currentStepper(): Stepper | null {
  return active.at(-1)?.current ?? null;
}

export function useStepper(stepper: Stepper | null): void {
  const pageActive = usePageActive();
  const ref = useRef<{ current: Stepper } | null>(null);
  useEffect(() => {
    if (!stepper || !pageActive) return;
    const holder = { current: stepper };
    ref.current = holder;
    active.push(holder);
    return () => {
      const i = active.indexOf(holder);
      if (i >= 0) active.splice(i, 1);
      ref.current = null;
    };
    // Registration follows presence and visibility; the callbacks are refreshed below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepper === null, pageActive]);
  useEffect(() => {
    if (ref.current && stepper) ref.current.current = stepper;
  });
}
