/**
 * The segmentation worker's page side (#14) and the shared worker plumbing (`worker/workerClient.ts`),
 * with the Worker replaced by a stand-in over a MessageChannel that runs a fake worker API through
 * comlink (no Worker, no tfjs in Node): the checked model bytes are transferred (the page keeps no copy),
 * a frame's raw output comes back and is decoded on the page, the worker's memory is published on
 * `__cvlWorkerTf` after each frame, a call pending when the worker is terminated is rejected (not left
 * hanging), a lost WebGL context reaches the subscribers once, and a worker that fails to start gives a
 * load error. Then the runtime with the client mocked: a backend switch reloads the segmentation model
 * in a new worker, a lost context reloads it on WASM.
 */
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendName } from '../../src/models/backendNames';
import { Runtime } from '../../src/models/runtime';
import { ModelLoadError } from '../../src/models/types';
import { CONTEXT_LOST_MESSAGE } from '../../src/models/worker/messages';
import { SegWorkerAdapter } from '../../src/models/worker/segmentClient';
import type { WorkerLike } from '../../src/models/worker/workerClient';
import { FakeWorkerAdapterBase } from './lib/fakeWorkerAdapter';

interface FakeWorker {
  readonly spawn: () => WorkerLike;
  /** The other end: what the worker posts outside comlink. */
  post(m: unknown): void;
  terminated: number;
  loads: { id: string; bodies?: Map<string, ArrayBuffer> }[];
  /** resolves runRaw calls waiting on `hold` */
  release(): void;
}

/** A fake segmentation worker: `runRaw` answers a 2×2 soft mask (or waits while `hold` is set). */
function fakeWorker(opts: { hold?: boolean; failLoad?: boolean; tensors?: number } = {}): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  let releaseAll: () => void = () => undefined;
  const held = new Promise<void>((r) => (releaseAll = r));
  const fw: FakeWorker = {
    terminated: 0,
    loads: [],
    post: (m) => port2.postMessage(m),
    release: () => releaseAll(),
    spawn: () => ({
      postMessage: (m: unknown, t?: unknown) => port1.postMessage(m, t as Transferable[]),
      addEventListener: ((type: string, l: EventListener, o?: AddEventListenerOptions) => port1.addEventListener(type, l, o)) as WorkerLike['addEventListener'],
      removeEventListener: ((type: string, l: EventListener) => port1.removeEventListener(type, l)) as WorkerLike['removeEventListener'],
      terminate: () => {
        fw.terminated++;
        port1.close();
        port2.close();
      },
    }),
  };
  expose(
    {
      load(m: { id: string }, _wasm: string, preferred?: BackendName, bodies?: Map<string, ArrayBuffer>) {
        fw.loads.push({ id: m.id, bodies });
        if (opts.failLoad) throw new Error('404 Not Found: selfie.json');
        return { backend: preferred ?? 'wasm', threads: 1, isolated: false, attempts: [{ name: preferred ?? 'wasm', ok: true }] };
      },
      async runRaw(frame: { width: number; height: number; data: Uint8ClampedArray }) {
        if (opts.hold) await held;
        expect(frame.data.length).toBe(frame.width * frame.height * 4);
        return { raw: { kind: 'soft', width: 2, height: 2, probs: new Float32Array([0.9, 0.1, 0.8, 0.2]), inputSize: { width: frame.width, height: frame.height } }, inferMs: 1, memory: { numTensors: opts.tensors ?? 7, numBytes: 100, numDataBuffers: 7 } };
      },
      tensors: () => opts.tensors ?? 7,
      dispose: () => undefined,
    },
    port2 as unknown as Parameters<typeof expose>[1],
  );
  return fw;
}

const pixels = () => ({ width: 3, height: 2, data: new Uint8ClampedArray(3 * 2 * 4).fill(128) });
const tick = () => new Promise((r) => setTimeout(r, 10));

afterEach(() => {
  delete (globalThis as { __cvlWorkerTf?: unknown }).__cvlWorkerTf;
});

describe('segmentation worker client (fake worker over a MessageChannel)', () => {
  it('load transfers the checked bytes; a frame comes back decoded on the page; the memory is published', async () => {
    const fw = fakeWorker();
    const bytes = new ArrayBuffer(64);
    const a = new SegWorkerAdapter('mediapipe-selfie', 'http://site.test/models/mediapipe-selfie/selfie.json', 'http://site.test/wasm/', 'wasm', new Map([['selfie.json', bytes]]), fw.spawn);
    await a.load();
    expect(a.loaded).toBe(true);
    expect(a.backend.backend).toBe('wasm');
    expect(fw.loads.map((l) => l.id)).toEqual(['mediapipe-selfie']);
    expect(fw.loads[0]!.bodies?.get('selfie.json')?.byteLength).toBe(64);
    expect(bytes.byteLength).toBe(0); // transferred (detached here), not copied
    const { result, raw, timings } = await a.run(pixels(), { threshold: 0.5 });
    expect(raw.inputSize).toEqual({ width: 3, height: 2 });
    expect([...result.labels]).toEqual([1, 0, 1, 0]);
    expect(result.personShare).toBeCloseTo(0.5, 12);
    expect(timings.inferMs).toBeGreaterThanOrEqual(0);
    expect(a.lastMemory?.numTensors).toBe(7);
    const diag = (globalThis as { __cvlWorkerTf?: { memory: () => { numTensors: number } } }).__cvlWorkerTf;
    expect(diag?.memory().numTensors).toBe(7);
    expect(await a.tensors()).toBe(7);
    a.dispose();
    expect(fw.terminated).toBe(1);
    expect(a.loaded).toBe(false);
  });

  it('a call pending when the worker is terminated is rejected, not left hanging', async () => {
    const fw = fakeWorker({ hold: true });
    const a = new SegWorkerAdapter('mediapipe-meet', 'http://site.test/models/mediapipe-meet/meet.json', 'http://site.test/wasm/', undefined, undefined, fw.spawn);
    await a.load();
    const pending = a.runRaw(pixels());
    const settled = vi.fn();
    pending.then(settled, settled);
    await tick();
    expect(settled).not.toHaveBeenCalled(); // the worker is still "computing"
    a.dispose();
    await expect(pending).rejects.toThrow(/terminated/);
    // and the adapter refuses new calls clearly
    await expect(a.runRaw(pixels())).rejects.toThrow(/not loaded or disposed/);
    fw.release();
  });

  it('a lost WebGL context reported by the worker reaches each subscriber once', async () => {
    const fw = fakeWorker();
    const a = new SegWorkerAdapter('mediapipe-selfie', 'http://site.test/m/selfie.json', 'http://site.test/wasm/', 'webgl', undefined, fw.spawn);
    await a.load();
    const cb = vi.fn();
    a.onContextLost(cb);
    fw.post({ type: CONTEXT_LOST_MESSAGE });
    fw.post({ type: CONTEXT_LOST_MESSAGE });
    await tick();
    expect(cb).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    a.onContextLost(late); // subscribing after the loss: called at once
    expect(late).toHaveBeenCalledTimes(1);
    a.dispose();
  });

  it('a load that fails in the worker is a ModelLoadError naming the file; the worker is terminated', async () => {
    const fw = fakeWorker({ failLoad: true });
    const a = new SegWorkerAdapter('mediapipe-selfie', 'http://site.test/m/selfie.json', 'http://site.test/wasm/', undefined, undefined, fw.spawn);
    const e = await a.load().then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ModelLoadError);
    expect((e as ModelLoadError).kind).toBe('missing');
    expect((e as ModelLoadError).url).toBe('http://site.test/m/selfie.json');
    expect(fw.terminated).toBe(1);
  });

  it('DeepLab in the worker decodes class ids with its dataset', () => {
    const a = new SegWorkerAdapter('deeplab-pascal', 'http://site.test/models/deeplab-pascal/model.json', 'http://site.test/wasm/');
    expect(a.dataset).toBe('pascal');
    const r = a.decode({ kind: 'labels', width: 2, height: 1, labels: new Int32Array([15, 0]), inputSize: { width: 2, height: 1 } }, { threshold: 0.5 });
    expect(r.personShare).toBeCloseTo(0.5, 12);
  });
});

// The runtime's side, with the client replaced by a stand-in that records what it was asked.
const made: FakeSegAdapter[] = [];
class FakeSegAdapter extends FakeWorkerAdapterBase {
  constructor(
    readonly id: string,
    readonly modelUrl: string,
    readonly wasmBase: string,
    preferred?: BackendName,
    readonly bodies?: Map<string, ArrayBuffer>,
  ) {
    super(preferred);
    made.push(this);
  }
}

describe('runtime: segmentation in a worker', () => {
  it('the registry worker factory, a switch, a lost context: one live worker each time, no tfjs on the main thread', async () => {
    vi.resetModules();
    vi.doMock('../../src/models/worker/segmentClient', () => ({ SegWorkerAdapter: FakeSegAdapter }));
    const { Runtime: R } = (await import('../../src/models/runtime')) as { Runtime: typeof Runtime };
    made.length = 0;
    const rt = new R({ siteBase: 'http://site.test/', wasmBase: 'http://site.test/wasm/', files: {} });
    const ID = 'mediapipe-selfie' as const;
    const a0 = (await rt.loadInWorker(ID, 'wasm')) as unknown as FakeSegAdapter;
    expect([a0.id, a0.modelUrl, a0.preferred]).toEqual([ID, 'http://site.test/models/mediapipe-selfie/selfie.json', 'wasm']);
    for (const to of ['webgl', 'wasm', 'webgl'] as const) {
      await rt.switchBackend(to);
      expect(rt.getSnapshot().workers[ID]?.active).toBe(to);
      expect(made.slice(0, -1).every((a) => a.disposed === 1)).toBe(true);
      expect(made.at(-1)!.disposed).toBe(0);
    }
    const onGl = made.at(-1)!;
    onGl.lose();
    expect(rt.getSnapshot().contextLost).toBe(true);
    const again = (await rt.loadInWorker(ID, 'webgl')) as unknown as FakeSegAdapter;
    await tick();
    expect(onGl.disposed).toBe(1);
    expect(again.preferred).toBe('wasm');
    expect(rt.getSnapshot().workers[ID]?.active).toBe('wasm');
    expect(rt.getSnapshot().contextLost).toBe(false);
    expect(rt.getSnapshot().backend).toBeNull();
    expect(rt.memory()).toBe(0);
    rt.dispose();
    vi.doUnmock('../../src/models/worker/segmentClient');
  });
});

describe('runtime: DeepLab in the segmentation worker (weights not in the manifest)', () => {
  it('probed on the page first: absent → a ModelLoadError naming the folder, no worker; present → loaded in a worker by URL', async () => {
    vi.resetModules();
    vi.doMock('../../src/models/worker/segmentClient', () => ({ SegWorkerAdapter: FakeSegAdapter }));
    const { Runtime: R } = (await import('../../src/models/runtime')) as { Runtime: typeof Runtime };
    made.length = 0;
    let served = false;
    const fetchMock = vi.fn(async () =>
      served
        ? new Response(JSON.stringify({ modelTopology: {}, weightsManifest: [] }), { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response('not found', { status: 404 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    try {
      const rt = new R({ siteBase: 'http://site.test/', wasmBase: 'http://site.test/wasm/', files: {} });
      const e = await rt.loadInWorker('deeplab-pascal', 'wasm').then(() => null, (x: unknown) => x);
      expect((e as { kind?: string }).kind).toBe('missing');
      expect((e as Error).message).toContain('public/models/deeplab-pascal/model.json');
      expect(made).toHaveLength(0);
      expect(rt.getSnapshot().models['deeplab-pascal']?.state).toBe('error');
      served = true;
      const a = (await rt.loadInWorker('deeplab-pascal', 'wasm')) as unknown as FakeSegAdapter;
      expect([a.id, a.modelUrl, a.bodies]).toEqual(['deeplab-pascal', 'http://site.test/models/deeplab-pascal/model.json', undefined]);
      expect(fetchMock.mock.calls.map((c) => String((c as unknown[])[0]))).toEqual(['http://site.test/models/deeplab-pascal/model.json', 'http://site.test/models/deeplab-pascal/model.json']);
      expect(rt.getSnapshot().backend).toBeNull();
      rt.dispose();
    } finally {
      vi.unstubAllGlobals();
      vi.doUnmock('../../src/models/worker/segmentClient');
    }
  });
});
