import { useEffect, useRef } from 'react';
import type { Box, Size } from '../../core/geometry';
import type { CropMask } from '../../core/instance/rle';

const SIDE = 64;

/** One instance cut out of the photo: its box region, transparent where the mask is 0. */
export function Cutout({ pixels, size, box: b, mask, label }: { pixels: HTMLCanvasElement | HTMLVideoElement; size: Size; box: Box<'image'>; mask: CropMask; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const w = Math.max(1, b.x2 - b.x1), h = Math.max(1, b.y2 - b.y1);
  const s = SIDE / Math.max(w, h);
  const cw = Math.max(1, Math.round(w * s)), ch = Math.max(1, Math.round(h * s));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const kx = (pixels instanceof HTMLVideoElement ? pixels.videoWidth : pixels.width) / size.width;
    const ky = (pixels instanceof HTMLVideoElement ? pixels.videoHeight : pixels.height) / size.height;
    ctx.clearRect(0, 0, cw, ch);
    ctx.drawImage(pixels, b.x1 * kx, b.y1 * ky, w * kx, h * ky, 0, 0, cw, ch);
    const img = ctx.getImageData(0, 0, cw, ch);
    for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) {
      const mx = Math.floor(b.x1 + (x + 0.5) / s) - mask.x0, my = Math.floor(b.y1 + (y + 0.5) / s) - mask.y0;
      const on = mx >= 0 && my >= 0 && mx < mask.width && my < mask.height && mask.data[my * mask.width + mx];
      if (!on) img.data[(y * cw + x) * 4 + 3] = 0;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, size, b, mask, cw, ch, s, w, h]);
  return <canvas ref={ref} width={cw} height={ch} className="cutout" role="img" aria-label={label} data-testid="cutout" />;
}
