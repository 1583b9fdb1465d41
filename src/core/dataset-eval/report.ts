/** The dataset report in JSON, Markdown and CSV. Pure. */
import type { DatasetEvaluation } from './evaluation';

/** pycocotools' names of the 12 summary numbers, in its order. */
export const STAT_NAMES = ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'] as const;

export interface RunSettings {
  readonly detector: string;
  readonly postProcessing: 'project' | 'package';
  readonly scoreThreshold: number;
  readonly nmsIou: number;
  readonly maxDetections: number;
  readonly backend: string;
  readonly annotationFormat: string;
  readonly imagesProcessed: number;
  readonly imagesRequested: number;
  readonly cancelled: boolean;
}

export interface DatasetReport {
  readonly date: string;
  readonly settings: RunSettings;
  readonly stats: Record<(typeof STAT_NAMES)[number], number>;
  readonly summary: readonly string[];
  readonly voc: { readonly voc07mAP: number; readonly voc12mAP: number };
  readonly perCategory: readonly {
    id: number; name: string; gt: number; detections: number; AP: number; AP50: number; AP75: number; AR100: number; VOC07: number; VOC12: number;
  }[];
  readonly skippedImages: readonly { name: string; reason: string }[];
}

export function buildReport(ev: DatasetEvaluation, settings: RunSettings, skipped: readonly { name: string; reason: string }[], date: Date): DatasetReport {
  const stats = {} as Record<(typeof STAT_NAMES)[number], number>;
  STAT_NAMES.forEach((n, i) => {
    stats[n] = ev.stats[i] ?? -1;
  });
  return {
    date: date.toISOString(),
    settings,
    stats,
    summary: ev.summaryLines,
    voc: { voc07mAP: ev.voc07mAP, voc12mAP: ev.voc12mAP },
    perCategory: ev.classes.filter((c) => c.nGt > 0 || c.nDt > 0).map((c) => ({
      id: c.id, name: c.name, gt: c.nGt, detections: c.nDt, AP: c.AP, AP50: c.AP50, AP75: c.AP75, AR100: c.AR100, VOC07: c.voc07, VOC12: c.voc12,
    })),
    skippedImages: skipped,
  };
}

const f3 = (v: number): string => (v < 0 ? '' : v.toFixed(3));

export function reportToMarkdown(r: DatasetReport): string {
  const s = r.settings;
  const lines = [
    `# Detection evaluation (${r.date})`,
    '',
    `${s.detector}, ${s.postProcessing === 'project' ? 'project post-processing' : 'package detect()'}, score >= ${s.scoreThreshold}, NMS IoU ${s.nmsIou}, max ${s.maxDetections}, backend ${s.backend}; ` +
      `${s.annotationFormat} annotations; ${s.imagesProcessed} of ${s.imagesRequested} images${s.cancelled ? ' (cancelled: partial result)' : ''}.`,
    '',
    '| Metric | Value |',
    '|---|---:|',
    ...STAT_NAMES.map((n) => `| ${n} | ${f3(r.stats[n]) || 'n/a'} |`),
    `| VOC07 mAP@0.5 | ${f3(r.voc.voc07mAP) || 'n/a'} |`,
    `| VOC12 mAP@0.5 | ${f3(r.voc.voc12mAP) || 'n/a'} |`,
    '',
    '| Class | GT | Detections | AP | AP50 | AP75 | AR100 | VOC07 | VOC12 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.perCategory.map((c) => `| ${c.name} | ${c.gt} | ${c.detections} | ${f3(c.AP)} | ${f3(c.AP50)} | ${f3(c.AP75)} | ${f3(c.AR100)} | ${f3(c.VOC07)} | ${f3(c.VOC12)} |`),
    '',
  ];
  return lines.join('\n');
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportToCsv(r: DatasetReport): string {
  const rows: (string | number)[][] = [
    ['class', 'id', 'gt', 'detections', 'AP', 'AP50', 'AP75', 'AR100', 'VOC07', 'VOC12'],
    ['all', '', r.perCategory.reduce((a, c) => a + c.gt, 0), r.perCategory.reduce((a, c) => a + c.detections, 0),
      f3(r.stats.AP), f3(r.stats.AP50), f3(r.stats.AP75), f3(r.stats.AR100), f3(r.voc.voc07mAP), f3(r.voc.voc12mAP)],
    ...r.perCategory.map((c) => [c.name, c.id, c.gt, c.detections, f3(c.AP), f3(c.AP50), f3(c.AP75), f3(c.AR100), f3(c.VOC07), f3(c.VOC12)]),
  ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}
