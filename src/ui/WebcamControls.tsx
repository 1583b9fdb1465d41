/**
 * The camera part of ImageSource: `useCamera` (stream life cycle) and `WebcamControls` (start/stop,
 * camera choice, mirror toggle, and the <video> element itself).
 *
 * The <video> is rendered here, visually hidden but in the DOM and playing, and handed to the page
 * inside the VideoSource: the page draws its frames on its own canvas with the overlay, mirrored
 * when `mirrored` is true (results stay in un-mirrored video pixels). It is started with an explicit
 * play() rather than the `autoplay` attribute: Chrome may pause attribute-autoplayed muted videos
 * that are not visible, and this one never is.
 */
import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useT } from '../i18n/LangContext';
import { imageSourceTexts } from './imageSource.texts';
import {
  cameraAvailability,
  classifyCameraError,
  listCameras,
  openCamera,
  stopStream,
  streamDeviceId,
  waitForVideoSize,
  type CameraDevice,
  type CameraProblem,
} from './webcam';

export interface CameraHandlers {
  /** The video has frames and a size: emit a VideoSource. Also called again after a camera switch. */
  onReady(video: HTMLVideoElement, label: string): void;
  /** The camera could not be started (or switched); whatever was shown before stays. */
  onError(problem: CameraProblem): void;
  /** A camera that was on went away (unplugged, no frames after a switch). */
  onLost(problem: CameraProblem | null): void;
}

export type CameraStatus = 'off' | 'starting' | 'on';

export interface Camera {
  readonly videoRef: RefObject<HTMLVideoElement | null>;
  readonly status: CameraStatus;
  readonly devices: readonly CameraDevice[];
  readonly deviceId: string | undefined;
  /** Starts the camera, or switches to `deviceId` (the old stream runs until the new one is open). */
  start(deviceId?: string): Promise<void>;
  /** Stops all tracks. Emits nothing: the caller decides what to show instead. */
  stop(): void;
}

export function useCamera(handlers: CameraHandlers): Camera {
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  /** Incremented by every start and stop: a slower, older start must not win. */
  const attemptRef = useRef(0);
  const handlersRef = useRef(handlers);
  const [status, setStatus] = useState<CameraStatus>('off');
  const [devices, setDevices] = useState<readonly CameraDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);

  useEffect(() => {
    handlersRef.current = handlers;
  });

  const release = useCallback(() => {
    attemptRef.current++;
    stopStream(streamRef.current);
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  const stop = useCallback(() => {
    release();
    setStatus('off');
  }, [release]);

  const lose = useCallback(
    (problem: CameraProblem | null) => {
      stop();
      handlersRef.current.onLost(problem);
    },
    [stop],
  );

  const start = useCallback(
    async (wanted?: string) => {
      const unavailable = cameraAvailability();
      if (unavailable) {
        handlersRef.current.onError(unavailable);
        return;
      }
      const attempt = ++attemptRef.current;
      const wasOn = streamRef.current !== null;
      if (!wasOn) setStatus('starting');
      let stream: MediaStream;
      try {
        stream = await openCamera(wanted);
      } catch (e) {
        if (attempt !== attemptRef.current) return;
        if (!wasOn) setStatus('off');
        handlersRef.current.onError(classifyCameraError(e));
        return;
      }
      const video = videoRef.current;
      if (attempt !== attemptRef.current || !video) {
        stopStream(stream);
        return;
      }
      stopStream(streamRef.current);
      streamRef.current = stream;
      video.srcObject = stream;
      try {
        await video.play().catch(() => undefined); // an interrupted play() is fine; the size check decides
        await waitForVideoSize(video);
      } catch (e) {
        if (attempt === attemptRef.current) lose(classifyCameraError(e));
        return;
      }
      if (attempt !== attemptRef.current) return;
      const track = stream.getVideoTracks()[0];
      track?.addEventListener('ended', () => {
        if (streamRef.current === stream) lose(null);
      });
      setDeviceId(streamDeviceId(stream));
      setStatus('on');
      handlersRef.current.onReady(video, track?.label ?? '');
      // Labels and all ids are only available once permission was granted.
      const list = await listCameras();
      if (attempt === attemptRef.current) setDevices(list);
    },
    [lose],
  );

  // Unmount (leaving the page) and leaving the document release the camera.
  useEffect(() => release, [release]);
  useEffect(() => {
    window.addEventListener('pagehide', release);
    return () => window.removeEventListener('pagehide', release);
  }, [release]);

  // A hidden tab pauses the camera (track disabled, video paused: no frames, no inference) and
  // resumes it on return.
  useEffect(() => {
    if (status !== 'on') return;
    const apply = (): void => {
      const hidden = document.hidden;
      for (const track of streamRef.current?.getVideoTracks() ?? []) track.enabled = !hidden;
      const v = videoRef.current;
      if (!v) return;
      v.dataset.paused = hidden ? 'true' : 'false';
      if (hidden) v.pause();
      else void v.play().catch(() => undefined);
    };
    apply();
    document.addEventListener('visibilitychange', apply);
    return () => document.removeEventListener('visibilitychange', apply);
  }, [status]);

  // Cameras plugged in or out while ours is on.
  useEffect(() => {
    if (status !== 'on') return;
    const md = navigator.mediaDevices;
    const update = (): void => void listCameras().then(setDevices);
    md.addEventListener('devicechange', update);
    return () => md.removeEventListener('devicechange', update);
  }, [status]);

  return { videoRef, status, devices, deviceId, start, stop };
}

interface WebcamControlsProps {
  readonly camera: Camera;
  /** A freeze frame is shown instead of the live video (the camera keeps running for an instant return). */
  readonly frozen: boolean;
  readonly onFreezeChange: (frozen: boolean) => void;
  readonly mirrored: boolean;
  readonly onMirroredChange: (mirrored: boolean) => void;
  readonly onStart: () => void;
  readonly onStop: () => void;
}

export function WebcamControls({ camera, frozen, onFreezeChange, mirrored, onMirroredChange, onStart, onStop }: WebcamControlsProps) {
  const t = useT(imageSourceTexts);
  const selectId = useId();
  const { status, devices, deviceId, videoRef } = camera;
  const label = status === 'on' ? t('cameraStop') : status === 'starting' ? t('cameraStarting') : t('cameraStart');

  return (
    <div className="imgsrc-camera">
      <button
        type="button"
        className="imgsrc-button"
        data-testid="camera-toggle"
        disabled={status === 'starting'}
        onClick={status === 'on' ? onStop : onStart}
      >
        {label}
      </button>
      {status === 'on' && (
        <button type="button" className="imgsrc-button" data-testid="camera-freeze" aria-pressed={frozen} onClick={() => onFreezeChange(!frozen)}>
          {frozen ? t('cameraUnfreeze') : t('cameraFreeze')}
        </button>
      )}
      {status === 'on' && devices.length > 1 && (
        <span className="imgsrc-field">
          <label htmlFor={selectId}>{t('cameraSelect')}</label>
          <select
            id={selectId}
            data-testid="camera-select"
            value={deviceId ?? ''}
            onChange={(e) => void camera.start(e.target.value)}
          >
            {devices.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || t('cameraUnnamed', { n: i + 1 })}
              </option>
            ))}
          </select>
        </span>
      )}
      {status !== 'off' && (
        <label className="imgsrc-field">
          <input
            type="checkbox"
            data-testid="camera-mirror"
            checked={mirrored}
            onChange={(e) => onMirroredChange(e.target.checked)}
          />
          {t('mirror')}
        </label>
      )}
      {/* Visually hidden, playing: the page draws it (see the comment at the top of this file). */}
      <video ref={videoRef} className="imgsrc-hidden" playsInline muted aria-hidden="true" tabIndex={-1} />
    </div>
  );
}
