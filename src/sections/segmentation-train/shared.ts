/** Names, colours and formatting the segmentation-training widgets share. */
import { NET_IDS, type NetId } from '../../models/train/segTrainShared';
import type { useT } from '../../i18n/LangContext';
import type { segTrainTexts } from './texts';

export type T = ReturnType<typeof useT<keyof typeof segTrainTexts.en>>;

export const NET_KEY = { fcn: 'netFcn', unet: 'netUnet', aspp: 'netAspp' } as const;
export const NET_COLOR: Record<NetId, string> = { fcn: '#c2410c', unet: '#0b5cad', aspp: '#15803d' };
export const CLASS_KEYS = ['className0', 'className1', 'className2', 'className3'] as const;

export const f3 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(3));
export const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)} %`);

/** "U-Net" is best near edges by … — or a tie when the best two are within 0.005. */
export function verdict(scores: Record<NetId, number>, t: T): { best: NetId | null; bestVal: string; others: string } {
  const sorted = [...NET_IDS].sort((a, b) => scores[b] - scores[a]);
  const best = sorted[0]!;
  const second = sorted[1]!;
  const others = sorted
    .slice(1)
    .map((id) => `${t(NET_KEY[id])} ${f3(scores[id])}`)
    .join(', ');
  return { best: scores[best] - scores[second] >= 0.005 ? best : null, bestVal: f3(scores[best]), others };
}

