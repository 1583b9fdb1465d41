/**
 * The coco-ssd worker pool (`src/models/worker/cocoSsdClient.ts`) with a stand-in `Worker` (Node): each
 * "worker" is a MessageChannel whose far end exposes, through the real comlink, a fake of the worker's API
 * that records when calls start and end. Checked: two lanes on WASM with two cores, each with its own copy
 * of the weights; two frames run at the same time on two different workers and a third waits for a free
 * one; the published tensor count is the sum over the lanes; one lane on WebGL; a second lane follows the
 * first's backend when none was asked for; terminating rejects the calls still running.
 */
import { expose } from 'comlink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CocoSsdWorkerAdapter } from '../../src/models/worker/cocoSsdClient';
import type { BackendName } from '../../src/models/backendNames';

interface Log {
  workers: FakeWorker[];
  /** [worker index, 'start' | 'end'] in the order they happened. */
  events: [number, string][];
}
const log: Log = { workers: [], events: [] };
let release: (() => void)[] = [];
/** The backend a fake worker ends on when none is asked for. */
let defaultBackend: BackendName = 'wasm';
/** While set, a fake worker's `load` waits for it (a model still loading). */
let loadGate: Promise<void> | null = null;

class FakeWorker {
  readonly index: number;
  terminated = false;
  bodiesSeen: Map<string, ArrayBuffer> | undefined;
  private readonly ch = new MessageChannel();
  constructor() {
    this.index = log.workers.length;
    log.workers.push(this);
    const api = {
      load: async (_url: string, _wasm: string, preferred: BackendName | undefined, bodies?: Map<string, ArrayBuffer>) => {
        this.bodiesSeen = bodies;
        if (loadGate) await loadGate;
        const backend = preferred ?? defaultBackend;
        return { backend, threads: 1, isolated: false, attempts: [{ name: backend, ok: true }], memory: { numTensors: 262, numBytes: 1000, numDataBuffers: 262 } };
      },
      runRaw: async () => {
        log.events.push([this.index, 'start']);
        await new Promise<void>((r) => release.push(r));
        log.events.push([this.index, 'end']);
        return { scores: new Float32Array(4), boxes: new Float32Array(4), inferMs: 1, memory: { numTensors: 262, numBytes: 1000, numDataBuffers: 262 } };
      },
      tensors: () => 262,
    };
    expose(api, this.ch.port2 as unknown as Parameters<typeof expose>[1]);
    this.ch.port1.start();
    this.ch.port2.start();
  }
  postMessage(m: unknown, t?: Transferable[]) {
    this.ch.port1.postMessage(m, (t ?? []) as never);
  }
  addEventListener(type: string, f: (ev: MessageEvent) => void) {
    if (type === 'message') this.ch.port1.addEventListener('message', f as never);
  }
  removeEventListener(type: string, f: (ev: MessageEvent) => void) {
    if (type === 'message') this.ch.port1.removeEventListener('message', f as never);
  }
  terminate() {
    this.terminated = true;
    this.ch.port1.close();
  }
}

const g = globalThis as unknown as { Worker?: unknown; __cvlWorkerTf?: { memory: () => { numTensors: number } } };
beforeEach(() => {
  log.workers = [];
  log.events = [];
  release = [];
  defaultBackend = 'wasm';
  loadGate = null;
  g.Worker = FakeWorker;
});
afterEach(() => {
  delete g.Worker;
  delete g.__cvlWorkerTf;
});

const pixels = () => ({ width: 2, height: 2, data: new Uint8ClampedArray(16) });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(ok()).toBe(true);
};
const bodies = () => new Map([['model.json', new Uint8Array([1, 2, 3]).buffer], ['group1-shard1of1', new Uint8Array([4, 5]).buffer]]);

describe('CocoSsdWorkerAdapter pool', () => {
  it('WASM, two cores: two workers, each with its own copy of the checked bytes; the tensor count is their sum', async () => {
    const a = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'wasm', bodies(), 2);
    await a.load();
    expect(a.lanes).toBe(2);
    expect(log.workers).toHaveLength(2);
    for (const w of log.workers) expect([...(w.bodiesSeen?.get('model.json') ? new Uint8Array(w.bodiesSeen.get('model.json')!) : [])]).toEqual([1, 2, 3]);
    expect(g.__cvlWorkerTf?.memory().numTensors).toBe(2 * 262);
    expect(await a.tensors()).toBe(2 * 262);
    a.dispose();
  });

  it('two frames infer at the same time on two different workers; a third waits for a free one', async () => {
    const a = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'wasm', undefined, 2);
    await a.load();
    const p1 = a.runRaw(pixels());
    const p2 = a.runRaw(pixels());
    const p3 = a.runRaw(pixels());
    await until(() => log.events.length === 2);
    // both started before either ended, on two workers; the third has not started
    expect(log.events.map((e) => e[1])).toEqual(['start', 'start']);
    expect(new Set(log.events.map((e) => e[0])).size).toBe(2);
    release.shift()!();
    await until(() => log.events.length === 4);
    expect(log.events.slice(2).map((e) => e[1])).toEqual(['end', 'start']);
    expect(log.events[3]![0]).toBe(log.events[2]![0]); // the freed worker took it
    while (release.length < 2) await new Promise((r) => setTimeout(r, 1));
    release.splice(0).forEach((r) => r());
    await Promise.all([p1, p2, p3]);
    a.dispose();
  });

  it('one worker on WebGL, and on one core', async () => {
    const gl = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'webgl', undefined, 2);
    await gl.load();
    expect(gl.lanes).toBe(1);
    gl.dispose();
    log.workers = [];
    const one = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'wasm', undefined, 1);
    await one.load();
    expect(one.lanes).toBe(1);
    expect(log.workers).toHaveLength(1);
    one.dispose();
  });

  it('no backend asked for: the first worker picks (WASM here), the second follows it; on WebGL no second worker', async () => {
    const a = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', undefined, bodies(), 2);
    await a.load();
    expect(a.lanes).toBe(2);
    expect(a.backend.backend).toBe('wasm');
    expect(log.workers[1]!.bodiesSeen?.size).toBe(2);
    a.dispose();
    log.workers = [];
    defaultBackend = 'webgl';
    const b = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', undefined, undefined, 2);
    await b.load();
    expect(b.lanes).toBe(1);
    expect(log.workers).toHaveLength(1);
    b.dispose();
  });

  it('dispose terminates every worker and rejects the frames still running', async () => {
    const a = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'wasm', undefined, 2);
    await a.load();
    const p = a.runRaw(pixels());
    await until(() => log.events.length === 1);
    a.dispose();
    await expect(p).rejects.toThrow(/terminated/);
    expect(log.workers.every((w) => w.terminated)).toBe(true);
  });

  it('dispose while the model is still loading terminates the workers being started and rejects load', async () => {
    let open: () => void = () => undefined;
    loadGate = new Promise<void>((r) => (open = r));
    const a = new CocoSsdWorkerAdapter('http://x/model.json', 'http://x/wasm/', 'wasm', undefined, 2);
    const loading = a.load();
    await until(() => log.workers.length === 2);
    a.dispose();
    await expect(loading).rejects.toThrow(/terminated/);
    expect(log.workers.map((w) => w.terminated)).toEqual([true, true]);
    open();
  });
});
