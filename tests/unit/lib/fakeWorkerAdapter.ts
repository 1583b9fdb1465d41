/**
 * The runtime's view of a model worker client (`worker/cocoSsdClient.ts`, `worker/segmentClient.ts`),
 * as a stand-in with no Worker (Node): `load()` settles on the next microtask on the preferred backend
 * (WebGL when none), `lose()` does what the worker's context-lost message does on the real client
 * (calls the `onContextLost` subscribers), `dispose()` is counted.
 */
import type { BackendName } from '../../../src/models/backendNames';

export class FakeWorkerAdapterBase {
  disposed = 0;
  backend: { backend: BackendName; threads: number; isolated: boolean; attempts: { name: BackendName; ok: boolean }[] } | null = null;
  private lostCbs = new Set<() => void>();
  constructor(readonly preferred?: BackendName) {}
  async load(): Promise<void> {
    await Promise.resolve();
    this.failIfAsked();
    const b = this.preferred ?? 'webgl';
    this.backend = { backend: b, threads: 1, isolated: false, attempts: [{ name: b, ok: true }] };
  }
  /** Throws to make `load()` fail (a worker that cannot start); never, unless a subclass says so. */
  protected failIfAsked(): void {}
  onContextLost(cb: () => void): () => void {
    this.lostCbs.add(cb);
    return () => this.lostCbs.delete(cb);
  }
  /** What the worker's `webglcontextlost` message does on the real client. */
  lose(): void {
    for (const cb of [...this.lostCbs]) cb();
  }
  dispose(): void {
    this.disposed++;
  }
}
