/**
 * Runs `work` on the frames of a playing video, one at a time: the next animation frame is requested
 * only when the previous work has finished, so inferences never queue up. Returns `stop`.
 * `work` gets `stopped()` to check after each await (results of a stopped loop are dropped).
 */
export function runFrameLoop(video: HTMLVideoElement, work: (stopped: () => boolean) => Promise<void>): () => void {
  let stop = false;
  let raf = 0;
  const stopped = () => stop;
  const step = async () => {
    if (stop) return;
    if (video.readyState >= 2 && video.videoWidth > 0) await work(stopped);
    if (!stop) raf = requestAnimationFrame(() => void step());
  };
  raf = requestAnimationFrame(() => void step());
  return () => {
    stop = true;
    cancelAnimationFrame(raf);
  };
}
