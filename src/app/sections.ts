/**
 * The lecture's pages in lecture order. A page appears in the contents (and in ←/→ navigation) only
 * once it exists: add it here with its texts and a lazy import.
 */
import type { ComponentType } from 'react';
import { lazySection } from './lazySection';
import type { Texts } from '../i18n/texts';
import { captioningMeta } from '../sections/captioning/meta';
import { liveDetectionMeta } from '../sections/detection-live/meta';
import { recapArchitecturesMeta, recapGradientsMeta } from '../sections/recap/meta';
import { metricsLabMeta } from '../sections/detection-metrics/meta';
import { xrayMeta } from '../sections/detection-xray/meta';
import { yoloMeta } from '../sections/detection-yolo/meta';
import { resultsMeta } from '../sections/detection-results/meta';
import { rcnnMeta } from '../sections/detection-rcnn/meta';
import { segmentationBasicsMeta } from '../sections/segmentation-basics/meta';
import { liveSegmentationMeta } from '../sections/segmentation-live/meta';
import { segTrainMeta } from '../sections/segmentation-train/meta';
import { instanceMeta } from '../sections/instance/meta';

export type PartId = 'recap' | 'segmentation' | 'detection' | 'instance' | 'captioning';

export const PARTS: readonly PartId[] = ['recap', 'segmentation', 'detection', 'instance', 'captioning'];

export interface SectionMeta {
  readonly path: string;
  readonly part: PartId;
  readonly texts: Texts<'title' | 'summary'>;
}

export interface Section extends SectionMeta {
  /** `lazySection(() => import(…))`: retried in place by the section's error boundary. */
  readonly Page: ComponentType;
}

export const SECTIONS: readonly Section[] = [
  { ...recapGradientsMeta, Page: lazySection(() => import('../sections/recap/RecapPage')) },
  { ...recapArchitecturesMeta, Page: lazySection(() => import('../sections/recap/ArchitecturesPage')) },
  { ...segmentationBasicsMeta, Page: lazySection(() => import('../sections/segmentation-basics/SegmentationBasicsPage')) },
  { ...liveSegmentationMeta, Page: lazySection(() => import('../sections/segmentation-live/SegmentationLivePage')) },
  { ...segTrainMeta, Page: lazySection(() => import('../sections/segmentation-train/SegTrainPage')) },
  { ...liveDetectionMeta, Page: lazySection(() => import('../sections/detection-live/LiveDetectionPage')) },
  { ...metricsLabMeta, Page: lazySection(() => import('../sections/detection-metrics/MetricsLabPage')) },
  { ...xrayMeta, Page: lazySection(() => import('../sections/detection-xray/XrayPage')) },
  { ...yoloMeta, Page: lazySection(() => import('../sections/detection-yolo/YoloPage')) },
  { ...rcnnMeta, Page: lazySection(() => import('../sections/detection-rcnn/RcnnPage')) },
  { ...resultsMeta, Page: lazySection(() => import('../sections/detection-results/ResultsPage')) },
  { ...instanceMeta, Page: lazySection(() => import('../sections/instance/InstancePage')) },
  { ...captioningMeta, Page: lazySection(() => import('../sections/captioning/CaptioningPage')) },
];

export function sectionIndex(path: string): number {
  return SECTIONS.findIndex((s) => s.path === path);
}
