/**
 * The runtime's side of a model running in a Web Worker (issue #15), with the worker client replaced by
 * a stand-in that records what it was asked (no Worker in Node): a lost WebGL context in the worker
 * raises `contextLost`, terminates that worker and reloads the model on WASM even though the page keeps
 * asking for its `?backend=webgl`; a backend switch on a page whose models all run in workers reloads
 * them on the new backend without starting tfjs on the main thread; a loss reported by a worker that
 * was already replaced changes nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BackendName } from '../../src/models/backendNames';
import { Runtime } from '../../src/models/runtime';
import { FakeWorkerAdapterBase } from './lib/fakeWorkerAdapter';

const made: FakeWorkerAdapter[] = [];

class FakeWorkerAdapter extends FakeWorkerAdapterBase {
  /** The next `load` fails (a worker that cannot start). */
  static failNext = false;
  constructor(
    readonly modelUrl: string,
    readonly wasmBase: string,
    preferred?: BackendName,
  ) {
    super(preferred);
    made.push(this);
  }
  protected override failIfAsked(): void {
    if (FakeWorkerAdapter.failNext) {
      FakeWorkerAdapter.failNext = false;
      throw new Error('worker failed to start');
    }
  }
}

vi.mock('../../src/models/worker/cocoSsdClient', () => ({ CocoSsdWorkerAdapter: FakeWorkerAdapter }));

const ID = 'coco-ssd-lite_mobilenet_v2' as const;
const newRuntime = () => new Runtime({ siteBase: 'http://site.test/', wasmBase: 'http://site.test/wasm/', files: {} });
/** Lets the runtime's promise chains settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('runtime: models in workers survive faults', () => {
  it('a lost WebGL context in the worker → notice raised, worker terminated, model reloaded on WASM', async () => {
    made.length = 0;
    const rt = newRuntime();
    const seen: boolean[] = [];
    rt.subscribe(() => seen.push(rt.getSnapshot().contextLost));
    const a1 = (await rt.loadInWorker(ID, 'webgl')) as unknown as FakeWorkerAdapter;
    expect(a1.preferred).toBe('webgl');
    expect(rt.getSnapshot().workers[ID]?.active).toBe('webgl');
    expect(rt.getSnapshot().contextLost).toBe(false);

    a1.lose();
    expect(rt.getSnapshot().contextLost).toBe(true);
    expect(rt.getSnapshot().workers[ID]).toBeUndefined();
    await Promise.resolve();
    expect(a1.disposed).toBe(1);
    // the page asks again with the backend of its URL: it gets the model on WASM, in a new worker
    const a2 = (await rt.loadInWorker(ID, 'webgl')) as unknown as FakeWorkerAdapter;
    await settle();
    expect(a2).not.toBe(a1);
    expect(a2.preferred).toBe('wasm');
    expect(made).toHaveLength(2);
    expect(rt.getSnapshot().workers[ID]?.active).toBe('wasm');
    expect(rt.getSnapshot().contextLost).toBe(false);
    expect(seen).toContain(true); // the UI saw the loss (it keeps its notice until dismissed)
    // the main thread's backend was never started for it
    expect(rt.getSnapshot().backend).toBeNull();
    expect(rt.memory()).toBe(0);
    // a second loss event of the terminated worker changes nothing
    a1.lose();
    await settle();
    expect(made).toHaveLength(2);
    expect(a2.disposed).toBe(0);
    rt.dispose();
  });

  it('after a loss, a failed reload retried by the page still goes to WASM, not to the URL\'s WebGL', async () => {
    made.length = 0;
    const rt = newRuntime();
    const a1 = (await rt.loadInWorker(ID, 'webgl')) as unknown as FakeWorkerAdapter;
    FakeWorkerAdapter.failNext = true;
    a1.lose();
    await expect(rt.loadInWorker(ID, 'webgl')).rejects.toThrow('worker failed to start');
    await settle();
    expect(rt.getSnapshot().models[ID]?.state).toBe('error');
    expect(rt.getSnapshot().contextLost).toBe(false);
    // Retry on the page: loadInWorker again with the page's ?backend=webgl
    const a3 = (await rt.loadInWorker(ID, 'webgl')) as unknown as FakeWorkerAdapter;
    expect(a3.preferred).toBe('wasm');
    expect(rt.getSnapshot().workers[ID]?.active).toBe('wasm');
    rt.dispose();
  });

  it('a switch reloads the worker models on the new backend, one worker each time, no tfjs on the main thread', async () => {
    made.length = 0;
    const rt = newRuntime();
    await rt.loadInWorker(ID, 'wasm');
    for (const to of ['webgl', 'wasm', 'cpu', 'webgl'] as const) {
      const state = await rt.switchBackend(to);
      expect(state.active).toBe(to);
      expect(rt.getSnapshot().workers[ID]?.active).toBe(to);
      expect(rt.getSnapshot().backend).toBeNull();
      // every worker but the newest was terminated, once
      expect(made.slice(0, -1).map((a) => a.disposed)).toEqual(made.slice(0, -1).map(() => 1));
      expect(made.at(-1)!.disposed).toBe(0);
      // the page asking with its (older) URL backend gets the switched-to model, not a new worker
      const a = (await rt.loadInWorker(ID, 'wasm')) as unknown as FakeWorkerAdapter;
      expect(a).toBe(made.at(-1));
    }
    expect(made).toHaveLength(5);
    rt.dispose();
  });
});
