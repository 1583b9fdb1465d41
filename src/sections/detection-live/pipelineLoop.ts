/**
 * The live loop with the model in a worker, pipelined: as soon as frame n's result is back, frame n+1
 * is captured and sent, and only then is frame n's result decoded and drawn — the page's work overlaps
 * the worker's inference, and at most one frame is in flight per worker (frames never queue up).
 *
 * Like `ui/frameLoop.ts`: nothing is sent while the tab is hidden (resumed on `visibilitychange`), results
 * of a stopped loop are dropped, and `video.dataset.frames` counts the frames whose result was shown.
 */
export function runPipelinedLoop<R>(
  video: HTMLVideoElement,
  send: () => Promise<R>,
  show: (result: R) => void,
  onError: (e: unknown) => void,
): () => void {
  let stop = false;
  let inFlight = false;
  const ready = () => video.readyState >= 2 && video.videoWidth > 0;

  const launch = (): void => {
    if (stop || inFlight || document.hidden) return;
    if (!ready()) {
      requestAnimationFrame(launch);
      return;
    }
    inFlight = true;
    send().then(
      (r) => {
        inFlight = false;
        if (stop) return;
        launch(); // frame n+1 starts inferring before frame n is drawn
        show(r);
        video.dataset.frames = String(Number(video.dataset.frames ?? 0) + 1);
      },
      (e: unknown) => {
        inFlight = false;
        if (stop) return;
        onError(e);
        // An error (e.g. one bad frame) does not stop the loop; retry on the next animation frame.
        requestAnimationFrame(launch);
      },
    );
  };
  const onVisibility = () => {
    if (!document.hidden) launch();
  };
  document.addEventListener('visibilitychange', onVisibility);
  launch();
  return () => {
    stop = true;
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
