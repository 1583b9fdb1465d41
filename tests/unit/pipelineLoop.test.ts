/**
 * The live detection loop (`src/sections/detection-live/pipelineLoop.ts`) with a stand-in video, document
 * and rAF (Node): with two lanes two frames are in flight at once and never more; a camera frame is sent
 * once (a new one only after the browser presented it); a result older than one already shown is dropped
 * and not counted; nothing is sent while the tab is hidden; a stopped loop shows nothing. And `lanesFor`:
 * one worker per core (at most 2) on WASM/CPU, one on WebGL or when WASM already runs threads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPipelinedLoop } from '../../src/sections/detection-live/pipelineLoop';
import { lanesFor } from '../../src/models/worker/cocoSsdClient';

type Cb = (now: number, meta: { presentedFrames: number }) => void;

class FakeVideo {
  readyState = 4;
  videoWidth = 640;
  videoHeight = 480;
  dataset: Record<string, string> = {};
  private cbs = new Map<number, Cb>();
  private next = 1;
  presented = 0;
  requestVideoFrameCallback(cb: Cb): number {
    const h = this.next++;
    this.cbs.set(h, cb);
    return h;
  }
  cancelVideoFrameCallback(h: number): void {
    this.cbs.delete(h);
  }
  /** The camera presents a new frame: every registered callback runs once (as in the browser). */
  present(): void {
    this.presented++;
    const cbs = [...this.cbs.values()];
    this.cbs.clear();
    for (const cb of cbs) cb(0, { presentedFrames: this.presented });
  }
}

const doc = { hidden: false, listeners: new Set<() => void>(), addEventListener(_: string, f: () => void) { this.listeners.add(f); }, removeEventListener(_: string, f: () => void) { this.listeners.delete(f); } };
const g = globalThis as unknown as { document: unknown; requestAnimationFrame: (f: () => void) => number };

beforeEach(() => {
  doc.hidden = false;
  doc.listeners.clear();
  g.document = doc;
  g.requestAnimationFrame = (f) => setTimeout(f, 0) as unknown as number;
});
afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

/** A `send` whose calls stay pending until the test resolves them; records the camera frame each one took. */
function pendingSends(video: FakeVideo) {
  const calls: { frame: number; resolve: (v: number) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = () =>
    new Promise<number>((resolve) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const frame = video.presented;
      calls.push({
        frame,
        resolve: (v) => {
          inFlight--;
          resolve(v);
        },
      });
    });
  return { calls, send, max: () => maxInFlight };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('runPipelinedLoop', () => {
  it('two lanes: two frames in flight, never more, each camera frame sent once', async () => {
    const v = new FakeVideo();
    const s = pendingSends(v);
    const shown: number[] = [];
    const stop = runPipelinedLoop(v as unknown as HTMLVideoElement, s.send, (r) => shown.push(r), () => undefined, () => 2);
    await flush();
    expect(s.calls).toHaveLength(1); // the current frame; the second lane waits for a new camera frame
    v.present();
    await flush();
    expect(s.calls).toHaveLength(2);
    expect(s.calls.map((c) => c.frame)).toEqual([0, 1]);
    v.present();
    v.present();
    await flush();
    expect(s.calls).toHaveLength(2); // both lanes busy: nothing queued
    s.calls[0]!.resolve(10);
    await flush();
    expect(s.calls).toHaveLength(3);
    expect(s.calls[2]!.frame).toBe(3); // the newest frame, not the ones it missed
    s.calls[1]!.resolve(11);
    await flush();
    expect(s.calls).toHaveLength(3); // frame 3 is already in flight and no newer one was presented
    expect(shown).toEqual([10, 11]);
    expect(v.dataset.frames).toBe('2');
    expect(s.max()).toBe(2);
    stop();
  });

  it('one lane: strictly one frame in flight', async () => {
    const v = new FakeVideo();
    const s = pendingSends(v);
    const stop = runPipelinedLoop(v as unknown as HTMLVideoElement, s.send, () => undefined, () => undefined, () => 1);
    await flush();
    for (let i = 0; i < 5; i++) v.present();
    await flush();
    expect(s.calls).toHaveLength(1);
    s.calls[0]!.resolve(1);
    await flush();
    expect(s.calls).toHaveLength(2);
    expect(s.max()).toBe(1);
    stop();
  });

  it('a result that arrives after a newer one is dropped, not shown nor counted', async () => {
    const v = new FakeVideo();
    const s = pendingSends(v);
    const shown: number[] = [];
    const stop = runPipelinedLoop(v as unknown as HTMLVideoElement, s.send, (r) => shown.push(r), () => undefined, () => 2);
    await flush();
    v.present();
    await flush();
    s.calls[1]!.resolve(2); // the newer frame answers first
    await flush();
    s.calls[0]!.resolve(1);
    await flush();
    expect(shown).toEqual([2]);
    expect(v.dataset.frames).toBe('1');
    stop();
  });

  it('sends nothing while the tab is hidden and resumes when it is visible again; a stopped loop shows nothing', async () => {
    const v = new FakeVideo();
    const s = pendingSends(v);
    const shown: number[] = [];
    doc.hidden = true;
    const stop = runPipelinedLoop(v as unknown as HTMLVideoElement, s.send, (r) => shown.push(r), () => undefined, () => 2);
    v.present();
    await flush();
    expect(s.calls).toHaveLength(0);
    doc.hidden = false;
    for (const f of doc.listeners) f();
    await flush();
    expect(s.calls).toHaveLength(1);
    stop();
    s.calls[0]!.resolve(1);
    v.present();
    await flush();
    expect(shown).toEqual([]);
    expect(s.calls).toHaveLength(1);
  });
});

describe('lanesFor', () => {
  it('one worker per core, at most 2, on the CPU-bound backends', () => {
    expect(lanesFor('wasm', 1, 2)).toBe(2);
    expect(lanesFor('cpu', 1, 8)).toBe(2);
    expect(lanesFor('wasm', 1, 1)).toBe(1);
    expect(lanesFor('wasm', 1, undefined)).toBe(1);
  });
  it('one worker on WebGL (one GPU) and when WASM already uses threads', () => {
    expect(lanesFor('webgl', 1, 8)).toBe(1);
    expect(lanesFor('wasm', 2, 2)).toBe(1);
  });
});
