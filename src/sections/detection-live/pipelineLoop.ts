/**
 * The live loop with the model in workers, pipelined: a frame is captured and sent as soon as a worker
 * ("lane") is free and the camera has a frame not sent yet, so with two lanes two frames infer at once
 * (two cores), and the page decodes and draws frame n while frame n+1 infers. At most one frame is in
 * flight per lane (frames never queue up), the same camera frame is never sent twice (its
 * `requestVideoFrameCallback` count, where the browser has it), and a result older than one already shown
 * is dropped (lanes may answer out of order).
 *
 * Like `ui/frameLoop.ts`: nothing is sent while the tab is hidden (resumed on `visibilitychange`), results
 * of a stopped loop are dropped, and `video.dataset.frames` counts the frames whose result was shown.
 */
export function runPipelinedLoop<R>(
  video: HTMLVideoElement,
  send: () => Promise<R>,
  show: (result: R) => void,
  onError: (e: unknown) => void,
  /** Frames that may be in flight at once (the adapter's lanes; read at every launch). */
  lanes: () => number = () => 1,
): () => void {
  let stop = false;
  let inFlight = 0;
  /** Sequence number of the next frame sent, and of the newest result shown. */
  let nextSeq = 0;
  let shownSeq = -1;
  const ready = () => video.readyState >= 2 && video.videoWidth > 0;

  // New camera frames, counted by the browser; `sentFrame` is the count when the last frame was sent.
  const rvfc = typeof video.requestVideoFrameCallback === 'function';
  let presented = 0;
  let sentFrame = -1;
  let rvfcHandle = 0;
  const onVideoFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    if (stop) return;
    presented = meta.presentedFrames;
    rvfcHandle = video.requestVideoFrameCallback(onVideoFrame);
    launch();
  };
  const fresh = () => !rvfc || presented !== sentFrame;

  let rafPending = false;
  const retryNextFrame = () => {
    if (rafPending) return;
    rafPending = true;
    requestAnimationFrame(() => {
      rafPending = false;
      launch();
    });
  };

  function launch(): void {
    while (!stop && !document.hidden && inFlight < Math.max(1, lanes())) {
      if (!ready()) {
        retryNextFrame();
        return;
      }
      if (!fresh()) return; // the next camera frame calls launch()
      sentFrame = presented;
      const seq = nextSeq++;
      inFlight++;
      send().then(
        (r) => {
          inFlight--;
          if (stop) return;
          launch(); // the next frame starts inferring before this one is drawn
          if (seq < shownSeq) return; // a newer frame's result is already on screen
          shownSeq = seq;
          show(r);
          video.dataset.frames = String(Number(video.dataset.frames ?? 0) + 1);
        },
        (e: unknown) => {
          inFlight--;
          if (stop) return;
          onError(e);
          // An error (e.g. one bad frame) does not stop the loop; retry on the next animation frame.
          retryNextFrame();
        },
      );
    }
  }
  const onVisibility = () => {
    if (!document.hidden) launch();
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (rvfc) rvfcHandle = video.requestVideoFrameCallback(onVideoFrame);
  launch();
  return () => {
    stop = true;
    if (rvfc) video.cancelVideoFrameCallback(rvfcHandle);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
