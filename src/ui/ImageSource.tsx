/**
 * The image source every live section reuses: file picker, drag & drop, paste, webcam, samples.
 *
 *   <ImageSource onSource={(s) => …} samples />
 *
 * `onSource` receives a StillSource for each image that decoded, a VideoSource once the camera has
 * frames (again when the mirror toggle or the camera changes), and, when the camera is stopped, the
 * last still image or null. A failure never emits: the page keeps what it shows, and the reason is
 * shown here in role="alert" (data-testid="source-error"); notices (downscaled, truncated) go to
 * role="status" (data-testid="source-notice").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Size } from '../core/geometry';
import { IMAGE_LIMITS } from '../core/imageFormat';
import { useLang, useT } from '../i18n/LangContext';
import { DropZone, pickFile, type PickedFile } from './DropZone';
import { decodeImage } from './imageDecode';
import { imageSourceTexts } from './imageSource.texts';
import { cameraProblemMessage, decodeProblemMessage, noteMessage, renderMessage, type Message } from './imageSourceMessages';
import { SampleGallery } from './SampleGallery';
import { loadPhoto, storePhoto } from './localPhotos';
import { bringResultIntoView } from './resultInView';
import { fetchSample, inLang, loadSampleIndex, sampleUrl } from './sampleIndex';
import { usePageActive } from './pageContext';
import { parseHash, replaceQuery } from '../app/router';
import type { Source, StillSource } from './source';
import { useCamera, WebcamControls } from './WebcamControls';
import './ImageSource.css';

export interface ImageSourceProps {
  /** Called with every new source; see the comment at the top of this file. */
  readonly onSource: (source: Source | null) => void;
  /** Show the sample gallery (only if samples/index.json exists). Default true. */
  readonly samples?: boolean;
}

/**
 * Mounted instances, most recently used last: only that one takes a pasted image, so two sections
 * on one page do not both load it.
 */
const pasteOwners: object[] = [];
/** Mounted instances in mount order: the first one keeps its photo in the URL (`sample=` / `photo=`). */
const urlOwners: object[] = [];

/** The page's URL keys for the photo shown: a gallery sample, or a photo stored in this browser. */
export const SAMPLE_KEY = 'sample';
export const PHOTO_KEY = 'photo';

function setPhotoInUrl(entry: { sample?: string; photo?: string }): void {
  const q = parseHash(window.location.hash).query;
  const before = q.toString();
  q.delete(SAMPLE_KEY);
  q.delete(PHOTO_KEY);
  if (entry.sample) q.set(SAMPLE_KEY, entry.sample);
  if (entry.photo) q.set(PHOTO_KEY, entry.photo);
  if (q.toString() !== before) replaceQuery(q);
}
const claimPaste = (owner: object): void => {
  const i = pasteOwners.indexOf(owner);
  if (i >= 0) pasteOwners.splice(i, 1);
  pasteOwners.push(owner);
};

interface Shown {
  readonly name: string;
  readonly size?: Size;
}

export function ImageSource({ onSource, samples = true }: ImageSourceProps) {
  const t = useT(imageSourceTexts);
  const lang = useLang();
  const active = usePageActive();
  const activeRef = useRef(active);
  const rootRef = useRef<HTMLDivElement>(null);
  const [owner] = useState(() => ({}));
  const onSourceRef = useRef(onSource);
  const lastStill = useRef<{ source: StillSource; notices: readonly Message[] } | null>(null);
  /** Incremented by every load and camera start: only the latest request may emit. */
  const requestRef = useRef(0);

  const [error, setError] = useState<Message | null>(null);
  const [notices, setNotices] = useState<readonly Message[]>([]);
  const [loading, setLoading] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [selectedSample, setSelectedSample] = useState<string | null>(null);
  const [mirrored, setMirrored] = useState(true);
  const mirroredRef = useRef(mirrored);
  const [frozen, setFrozen] = useState(false);
  /** The camera's name while a freeze frame is shown. */
  const cameraName = useRef('');

  useEffect(() => {
    onSourceRef.current = onSource;
    mirroredRef.current = mirrored;
    activeRef.current = active;
  });
  /** Whether this instance writes its photo into the URL (first on an active page). */
  const ownsUrl = useCallback((): boolean => activeRef.current && urlOwners[0] === owner, [owner]);

  /** After the camera: back to the last still image, or to nothing. */
  const showStillAgain = (): void => {
    const still = lastStill.current;
    setShown(still ? { name: still.source.name, size: still.source.size } : null);
    setNotices(still?.notices ?? []);
    onSourceRef.current(still?.source ?? null);
  };

  const camera = useCamera({
    onReady: (video, label) => {
      const name = label || t('cameraDefaultName');
      setError(null);
      setNotices([]);
      setShown({ name });
      setSelectedSample(null);
      setFrozen(false);
      onSourceRef.current({ kind: 'video', name, video, mirrored: mirroredRef.current });
      bringResultIntoView(rootRef.current, { focus: true });
    },
    onError: (problem) => setError(cameraProblemMessage(problem)),
    onLost: (problem) => {
      setError(problem ? cameraProblemMessage(problem) : { key: 'camEnded' });
      showStillAgain();
    },
  });

  const { stop: stopCamera } = camera;
  const load = useCallback(
    async (
      getBlob: () => Promise<Blob>,
      name: string,
      opts: { sample?: string; notices?: readonly Message[]; fetchError?: Message; restore?: boolean; store?: boolean } = {},
    ) => {
      const request = ++requestRef.current;
      setLoading(true);
      setError(null);
      let blob: Blob;
      try {
        blob = await getBlob();
      } catch {
        if (request !== requestRef.current) return;
        setLoading(false);
        setError(opts.fetchError ?? { key: 'errReadFailed' });
        return;
      }
      const outcome = await decodeImage(blob);
      if (request !== requestRef.current) return;
      setLoading(false);
      if (!outcome.ok) {
        setError(decodeProblemMessage(outcome.problem, IMAGE_LIMITS.maxPixels));
        return;
      }
      const messages = [...(opts.notices ?? []), ...outcome.notes.map(noteMessage)];
      const notice = messages.map((m) => renderMessage(t, m)).join(' ');
      const still: StillSource = { kind: 'still', name, size: outcome.size, pixels: outcome.pixels, ...(notice ? { notice } : {}) };
      stopCamera();
      lastStill.current = { source: still, notices: messages };
      setNotices(messages);
      setShown({ name, size: still.size });
      setSelectedSample(opts.sample ?? null);
      onSourceRef.current(still);
      bringResultIntoView(rootRef.current, { focus: !opts.restore });
      if (ownsUrl() && !opts.restore) {
        if (opts.sample) setPhotoInUrl({ sample: opts.sample });
        else if (opts.store) {
          const id = await storePhoto(blob, name);
          if (request === requestRef.current && ownsUrl()) setPhotoInUrl(id ? { photo: id } : {});
        }
      }
    },
    [t, stopCamera, ownsUrl],
  );

  const loadFile = useCallback(
    (picked: PickedFile | null) => {
      if (!picked) {
        setError({ key: 'errNoFile' });
        return;
      }
      const { file, count } = picked;
      const notices: Message[] = count > 1 ? [{ key: 'noticeFirstOfMany', params: { count, name: file.name } }] : [];
      void load(() => Promise.resolve(file), file.name || 'image', { notices, store: true });
    },
    [load],
  );

  useEffect(() => {
    urlOwners.push(owner);
    return () => {
      const i = urlOwners.indexOf(owner);
      if (i >= 0) urlOwners.splice(i, 1);
    };
  }, [owner]);

  // A link or a reload with `sample=` / `photo=` shows that photo again (first instance of the page only).
  useEffect(() => {
    if (urlOwners[0] !== owner || !activeRef.current) return;
    const q = parseHash(window.location.hash).query;
    const sample = q.get(SAMPLE_KEY);
    const photo = q.get(PHOTO_KEY);
    if (sample) {
      void loadSampleIndex(import.meta.env.BASE_URL).then((list) => {
        const s = list.find((x) => x.file === sample);
        if (!s) return;
        void load(() => fetchSample(sampleUrl(import.meta.env.BASE_URL, s.file)), inLang(s.title, lang), {
          sample: s.file,
          restore: true,
          fetchError: { key: 'errSampleLoad', params: { title: inLang(s.title, lang) } },
        });
      });
    } else if (photo) {
      void loadPhoto(photo).then((hit) => {
        if (hit) void load(() => Promise.resolve(hit.blob), hit.name, { restore: true });
        else setError({ key: 'errPhotoGone' });
      });
    }
    // Only on mount: later changes come from this instance itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [owner]);

  useEffect(() => {
    claimPaste(owner);
    return () => {
      const i = pasteOwners.indexOf(owner);
      if (i >= 0) pasteOwners.splice(i, 1);
    };
  }, [owner]);

  // Paste anywhere on the page (when this is the most recently used image source).
  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      if (pasteOwners.at(-1) !== owner) return;
      const picked = pickFile(e.clipboardData?.files);
      if (!picked) return; // plain text: leave it to whatever has focus
      e.preventDefault();
      loadFile(picked);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [owner, loadFile]);

  const startCamera = (): void => {
    requestRef.current++; // a still image still decoding must not replace the camera
    setLoading(false);
    setError(null);
    void camera.start();
  };
  const stopCameraByUser = (): void => {
    camera.stop();
    setFrozen(false);
    showStillAgain();
  };
  /**
   * Freeze frame (for the lecturer): the current video frame becomes a still image the page analyses
   * and shows, while the camera keeps running so "live video again" is instant.
   */
  const changeFrozen = (value: boolean): void => {
    const video = camera.videoRef.current;
    if (camera.status !== 'on' || !video || !shown) return;
    if (!value) {
      setFrozen(false);
      setShown({ name: cameraName.current });
      onSourceRef.current({ kind: 'video', name: cameraName.current, video, mirrored: mirroredRef.current });
      return;
    }
    const size = { width: video.videoWidth, height: video.videoHeight };
    if (size.width === 0 || size.height === 0) return;
    const pixels = document.createElement('canvas');
    pixels.width = size.width;
    pixels.height = size.height;
    pixels.getContext('2d', { willReadFrequently: true })?.drawImage(video, 0, 0, size.width, size.height); // read back like any still (imageDecode.ts)
    setFrozen(true);
    cameraName.current = shown.name;
    const name = t('frozenName', { name: shown.name });
    setShown({ name, size });
    onSourceRef.current({ kind: 'still', name, size, pixels });
  };
  // Leaving the section (it stays mounted, hidden) releases the camera: the light goes off, the photo shown before comes back.
  const stopOnLeaveRef = useRef(stopCameraByUser);
  useEffect(() => {
    stopOnLeaveRef.current = stopCameraByUser;
  });
  const cameraOn = camera.status !== 'off';
  useEffect(() => {
    if (!active && cameraOn) stopOnLeaveRef.current();
  }, [active, cameraOn]);
  const changeMirrored = (value: boolean): void => {
    setMirrored(value);
    const video = camera.videoRef.current;
    if (camera.status === 'on' && video && shown && !frozen) onSourceRef.current({ kind: 'video', name: shown.name, video, mirrored: value });
  };

  return (
    <div
      ref={rootRef}
      className="imgsrc"
      role="group"
      aria-label={t('groupLabel')}
      aria-busy={loading}
      onPointerDownCapture={() => claimPaste(owner)}
      onFocusCapture={() => claimPaste(owner)}
    >
      <DropZone
        onFile={(picked) => {
          claimPaste(owner);
          loadFile(picked);
        }}
      />

      <WebcamControls camera={camera} frozen={frozen} onFreezeChange={changeFrozen} mirrored={mirrored} onMirroredChange={changeMirrored} onStart={startCamera} onStop={stopCameraByUser} />

      {samples && (
        <SampleGallery
          selected={selectedSample}
          onPick={(s, url) =>
            void load(() => fetchSample(url), inLang(s.title, lang), {
              sample: s.file,
              fetchError: { key: 'errSampleLoad', params: { title: inLang(s.title, lang) } },
            })
          }
        />
      )}

      <p className="imgsrc-status" role="status" data-testid="source-status">
        {loading
          ? t('loading')
          : shown && (shown.size ? t('current', { name: shown.name, width: shown.size.width, height: shown.size.height }) : t('currentCamera', { name: shown.name }))}
      </p>
      <p className="imgsrc-notice" role="status" data-testid="source-notice">
        {notices.length > 0 && notices.map((m) => renderMessage(t, m)).join(' ')}
      </p>
      <p className="imgsrc-error" role="alert" data-testid="source-error">
        {error && renderMessage(t, error)}
      </p>
    </div>
  );
}
