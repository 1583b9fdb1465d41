/**
 * Problems and notes → text keys with parameters. Kept as keys (not strings) in component state so
 * that a message already on screen follows a language switch.
 */
import type { Note, OtherKind } from '../core/imageFormat';
import type { Params } from '../i18n/texts';
import type { DecodeNote, DecodeProblem } from './imageDecode';
import type { ImageSourceTextKey } from './imageSource.texts';
import type { CameraProblem } from './webcam';

export interface Message {
  readonly key: ImageSourceTextKey;
  readonly params?: Params;
  /** Parameters that are texts themselves, translated before being inserted. */
  readonly textParams?: Readonly<Record<string, ImageSourceTextKey>>;
}

export type Translate = (key: ImageSourceTextKey, params?: Params) => string;

export function renderMessage(t: Translate, m: Message): string {
  const fromTexts = Object.fromEntries(Object.entries(m.textParams ?? {}).map(([name, key]) => [name, t(key)]));
  return t(m.key, { ...m.params, ...fromTexts });
}

const FORMAT_NAMES = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP', bmp: 'BMP', avif: 'AVIF', ico: 'ICO', svg: 'SVG', heic: 'HEIC', tiff: 'TIFF' } as const;

const WHAT: Readonly<Record<Exclude<OtherKind, 'unknown'>, ImageSourceTextKey>> = {
  pdf: 'what_pdf',
  zip: 'what_zip',
  gzip: 'what_gzip',
  rar: 'what_rar',
  '7z': 'what_7z',
  video: 'what_video',
  audio: 'what_audio',
  executable: 'what_executable',
  html: 'what_html',
  text: 'what_text',
};

export function decodeProblemMessage(p: DecodeProblem, maxPixels: number): Message {
  switch (p.kind) {
    case 'not-image':
      return p.detected === 'unknown' ? { key: 'errUnknownType' } : { key: 'errNotImage', textParams: { what: WHAT[p.detected] } };
    case 'empty-file':
      return { key: 'errEmptyFile' };
    case 'zero-size':
      return { key: 'errZeroSize', params: { width: p.size.width, height: p.size.height } };
    case 'too-large':
      return p.size
        ? { key: 'errTooLarge', params: { width: p.size.width, height: p.size.height, maxMp: Math.round(maxPixels / 1e6) } }
        : { key: 'errTooLargeUnknown' };
    case 'unsupported':
      return { key: 'errUnsupported', params: { format: FORMAT_NAMES[p.format] } };
    case 'truncated':
      return { key: 'errTruncated' };
    case 'damaged':
      return { key: 'errDamaged' };
    case 'read-failed':
      return { key: 'errReadFailed' };
  }
}

export function noteMessage(n: Note | DecodeNote): Message {
  if (n.kind === 'damaged') return { key: 'noticeDamaged' };
  return n.kind === 'truncated'
    ? { key: 'noticeTruncated' }
    : {
        key: 'noticeDownscaled',
        params: { width: n.size.width, height: n.size.height, workWidth: n.working.width, workHeight: n.working.height },
      };
}

export function cameraProblemMessage(p: CameraProblem): Message {
  switch (p.kind) {
    case 'insecure':
      return { key: 'camInsecure' };
    case 'unsupported':
      return { key: 'camUnsupported' };
    case 'denied':
      return { key: 'camDenied' };
    case 'not-found':
      return { key: 'camNotFound' };
    case 'busy':
      return { key: 'camBusy' };
    case 'no-frames':
      return { key: 'camNoFrames' };
    case 'other':
      return { key: 'camOther', params: { name: p.name } };
  }
}
