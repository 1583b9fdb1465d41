/**
 * The shared base of every tfjs adapter (graph or layers model): `load()` fetches the handle, maps a
 * failure to a `ModelLoadError` (missing / corrupt / other), runs the warm-up and disposes the handle
 * again when the warm-up fails (a file that loads but is not the expected graph); `run()` and
 * `decodeTimed()` time the two halves; `dispose()` frees the weights. Subclasses implement
 * `open()` (load the handle), `warmUp()`, `runRaw()` and `decode()`.
 */
import type { io } from '@tensorflow/tfjs';
import { loadErrorKind, timedDecode, timedRun } from './adapterUtils';
import { ModelLoadError, type ModelAdapter, type ModelInfo, type PixelInput, type Timings } from './types';

export interface Handle {
  dispose(): void;
}

export abstract class AdapterBase<H extends Handle, Raw, Result, Options> implements ModelAdapter<Raw, Result, Options> {
  abstract readonly info: ModelInfo;
  private h: H | null = null;
  private opening: Promise<void> | null = null;

  /**
   * `url`: the file the handle is loaded from (named in load errors). `loadSource`: what the loader reads,
   * the URL by default, or an IOHandler over bytes already fetched and verified (`VerifiedFiles`).
   */
  constructor(
    protected readonly url: string,
    protected readonly loadSource: string | io.IOHandler = url,
  ) {}

  get loaded(): boolean {
    return this.h !== null;
  }

  /** The loaded handle; throws a clear error before `load()`. */
  protected get handle(): H {
    if (!this.h) throw new Error(`${this.info.id}: call load() first`);
    return this.h;
  }

  /** Take an already-built handle (e.g. a network trained on the page); the adapter then owns it. */
  protected adopt(h: H): void {
    this.h?.dispose();
    this.h = h;
  }

  /** Load the weights (no warm-up). */
  protected abstract open(): Promise<H>;
  /** One inference on a neutral input so that the first real frame is not the slow one. */
  protected abstract warmUp(): Promise<void>;
  /** Kind of error when the warm-up fails: a file that loads but runs wrong is corrupt. */
  protected warmUpError(msg: string): string {
    return msg;
  }

  load(): Promise<void> {
    if (this.h) return Promise.resolve();
    this.opening ??= this.doLoad().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async doLoad(): Promise<void> {
    let h: H;
    try {
      h = await this.open();
    } catch (e) {
      if (e instanceof ModelLoadError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelLoadError(loadErrorKind(msg), this.url, msg);
    }
    this.h = h;
    try {
      await this.warmUp();
    } catch (e) {
      this.dispose();
      const msg = e instanceof Error ? e.message : String(e);
      throw new ModelLoadError('corrupt', this.url, this.warmUpError(msg));
    }
  }

  abstract runRaw(input: PixelInput): Promise<Raw>;
  abstract decode(raw: Raw, options: Options): Result;

  /** `decode` with its duration, for latency read-outs. */
  decodeTimed(raw: Raw, options: Options): { result: Result; decodeMs: number } {
    return timedDecode(this, raw, options);
  }

  run(input: PixelInput, options: Options): Promise<{ raw: Raw; result: Result; timings: Timings }> {
    return timedRun(this, input, options);
  }

  dispose(): void {
    this.h?.dispose();
    this.h = null;
  }
}
