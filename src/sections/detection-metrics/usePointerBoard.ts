import { useCallback, type RefObject } from 'react';
import { canvasPoint, canvasToImage, fitView } from '../../core/coords';
import type { Size } from '../../core/geometry';

/**
 * Client (pointer) coordinates → the board's own pixels (the SVG's viewBox, which is the image's
 * pixel grid for the photo editor), through core/coords like every other change of space.
 */
export function usePointerToBoard(ref: RefObject<SVGSVGElement | null>, board: Size): (clientX: number, clientY: number) => { x: number; y: number } {
  return useCallback(
    (clientX: number, clientY: number) => {
      const el = ref.current;
      if (!el) return { x: 0, y: 0 };
      const r = el.getBoundingClientRect();
      const view = fitView(board, { width: r.width, height: r.height });
      const p = canvasToImage(canvasPoint(clientX - r.left, clientY - r.top), view);
      return { x: p.x1, y: p.y1 };
    },
    [ref, board],
  );
}
