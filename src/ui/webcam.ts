/**
 * Camera helpers around getUserMedia / enumerateDevices, and the classification of their errors into
 * the few cases the UI explains differently. No React here.
 */

export interface CameraDevice {
  readonly deviceId: string;
  /** Empty before the user has granted permission (browsers hide labels until then). */
  readonly label: string;
}

/** Why the camera could not be used; each kind has its own message. */
export type CameraProblem =
  | { readonly kind: 'insecure' } // mediaDevices is missing: page not served over HTTPS or localhost
  | { readonly kind: 'unsupported' } // secure context, but no getUserMedia (very old or locked-down browser)
  | { readonly kind: 'denied' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no-frames' } // the stream started but the video never got a size
  | { readonly kind: 'other'; readonly name: string };

/** Null when the camera API is available, otherwise why not. */
export function cameraAvailability(): CameraProblem | null {
  // `navigator.mediaDevices` is undefined in insecure contexts (plain http on a LAN address).
  const md = (navigator as Partial<Navigator>).mediaDevices;
  if (md && typeof md.getUserMedia === 'function') return null;
  return window.isSecureContext === false ? { kind: 'insecure' } : { kind: 'unsupported' };
}

/** Maps getUserMedia errors (DOMException names, including old Chrome and Firefox spellings). */
export function classifyCameraError(error: unknown): CameraProblem {
  const name =
    typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { kind: 'denied' };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return { kind: 'not-found' };
    case 'NotReadableError':
    case 'TrackStartError':
      return { kind: 'busy' };
    case 'TimeoutError': // from waitForVideoSize
      return { kind: 'no-frames' };
    default:
      return { kind: 'other', name };
  }
}

/**
 * Opens a camera: a given device, or the front/user-facing one at a comfortable resolution for the
 * models (they work at a few hundred pixels; 1280×720 is plenty and cheap to draw).
 */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
  const video: MediaTrackConstraints = deviceId ? { ...size, deviceId: { exact: deviceId } } : { ...size, facingMode: 'user' };
  return navigator.mediaDevices.getUserMedia({ video, audio: false });
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The device id of the stream's video track, to show the right camera as selected. */
export function streamDeviceId(stream: MediaStream): string | undefined {
  return stream.getVideoTracks()[0]?.getSettings().deviceId;
}

/** Video inputs. Call after permission was granted, otherwise labels (and sometimes ids) are empty. */
export async function listCameras(): Promise<CameraDevice[]> {
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  } catch {
    return [];
  }
}

/**
 * Resolves once the video has a frame size (videoWidth > 0), rejects after `timeoutMs`. Some
 * browsers fire `loadedmetadata` with 0×0 and only later `resize`, so all three events are watched.
 */
export function waitForVideoSize(video: HTMLVideoElement, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const events = ['loadedmetadata', 'loadeddata', 'resize'] as const;
    const done = (ok: boolean): void => {
      for (const e of events) video.removeEventListener(e, check);
      clearTimeout(timer);
      if (ok) resolve();
      else reject(new DOMException('The camera sends no frames', 'TimeoutError'));
    };
    const check = (): void => {
      if (video.videoWidth > 0 && video.videoHeight > 0) done(true);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    for (const e of events) video.addEventListener(e, check);
    check();
  });
}
