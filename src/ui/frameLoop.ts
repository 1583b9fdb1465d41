/**
 * Runs `work` on the frames of a playing video, one at a time: the next animation frame is requested
 * only when the previous work has finished, so inferences never queue up. Returns `stop`.
 * `work` gets `stopped()` to check after each await (results of a stopped loop are dropped).
 *
 * While the tab is hidden the loop does no work and requests no frame; it resumes on return
 * (`visibilitychange`). Every page that uses this loop gets that for free. `video.dataset.frames`
 * counts the frames worked on (read by the tests and the soak benchmark).
 */
export function runFrameLoop(video: HTMLVideoElement, work: (stopped: () => boolean) => Promise<void>): () => void {
  let stop = false;
  let raf = 0;
  let running = false;
  let waiting = false;
  const stopped = () => stop;
  const schedule = () => {
    if (stop || waiting) return;
    if (document.hidden) return; // resumed by onVisibility
    waiting = true;
    raf = requestAnimationFrame(() => {
      waiting = false;
      void step();
    });
  };
  const step = async () => {
    if (stop || running || document.hidden) return;
    running = true;
    try {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        await work(stopped);
        video.dataset.frames = String(Number(video.dataset.frames ?? 0) + 1);
      }
    } finally {
      running = false;
    }
    schedule();
  };
  const onVisibility = () => {
    if (!document.hidden && !running) schedule();
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    stop = true;
    cancelAnimationFrame(raf);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
