/**
 * What an image source hands to a page: a still image (uploaded, pasted, dropped, sample) or a live
 * video (webcam). Pages pass `pixels` to a model adapter and draw results in `size` (original pixels).
 */
import type { Size } from '../core/geometry';

export interface StillSource {
  readonly kind: 'still';
  /** File name or sample title, for display and export. */
  readonly name: string;
  /** Original image size in pixels: every result is expressed in these pixels. */
  readonly size: Size;
  /**
   * The image to process and display. For very large images this is a downscaled copy (longest side
   * at most `IMAGE_LIMITS.maxWorkingSide`, core/imageFormat.ts); models output normalized boxes, so results still map to `size`.
   */
  readonly pixels: HTMLCanvasElement;
  /** Set when the image was downscaled or looked damaged; already translated. */
  readonly notice?: string;
}

export interface VideoSource {
  readonly kind: 'video';
  readonly name: string;
  readonly video: HTMLVideoElement;
  /** Whether the preview is shown mirrored (selfie view). Results stay in un-mirrored video pixels. */
  readonly mirrored: boolean;
}

export type Source = StillSource | VideoSource;

export function sourceSize(s: Source): Size {
  return s.kind === 'still' ? s.size : { width: s.video.videoWidth, height: s.video.videoHeight };
}

export function sourcePixels(s: Source): HTMLCanvasElement | HTMLVideoElement {
  return s.kind === 'still' ? s.pixels : s.video;
}

/** The video's current frame as a still (a canvas of the video's size), or null before the video has a frame. */
export function freezeFrame(video: HTMLVideoElement, name: string): StillSource | null {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (w === 0 || h === 0) return null;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  c.getContext('2d')?.drawImage(video, 0, 0, w, h);
  return { kind: 'still', name, size: { width: w, height: h }, pixels: c };
}
