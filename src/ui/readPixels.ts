/** The RGBA pixels of a canvas or of a video's current frame (read back through a CPU-backed 2D canvas). */
export function imageDataOf(pixels: HTMLCanvasElement | HTMLVideoElement): ImageData {
  const w = pixels instanceof HTMLVideoElement ? pixels.videoWidth : pixels.width;
  const h = pixels instanceof HTMLVideoElement ? pixels.videoHeight : pixels.height;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(pixels, 0, 0);
  return ctx.getImageData(0, 0, w, h);
}
