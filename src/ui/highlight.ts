/**
 * Side-by-side comparison: the detection under the pointer or keyboard focus in a results table
 * (`DetectionsTable`) is outlined on the photo (`OverlayCanvas`). One value for the page on screen
 * (hidden pages draw nothing new), in original image pixels like every result.
 */
import { useSyncExternalStore } from 'react';
import type { Box } from '../core/geometry';
import type { Painter } from './painter';

export interface Highlight {
  readonly box: Box<'image'>;
  readonly color: string;
}

let current: Highlight | null = null;
const listeners = new Set<() => void>();

export function setHighlight(h: Highlight | null): void {
  if (h === current || (h && current && h.box === current.box)) return;
  current = h;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useHighlight(): Highlight | null {
  return useSyncExternalStore(subscribe, () => current, () => null);
}

/** A white halo and a thick outline in the box's colour, drawn over the frame. */
export function drawHighlight(p: Painter, h: Highlight): void {
  const c = p.toCanvas(h.box);
  p.strokeBox(c, '#ffffff', 12);
  p.strokeBox(c, h.color, 4);
}
