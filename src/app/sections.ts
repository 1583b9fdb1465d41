/**
 * The lecture's pages in lecture order. A page appears in the contents (and in ←/→ navigation) only
 * once it exists: add it here with its texts and a lazy import.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Texts } from '../i18n/texts';
import { liveDetectionMeta } from '../sections/detection-live/meta';
import { metricsLabMeta } from '../sections/detection-metrics/meta';
import { xrayMeta } from '../sections/detection-xray/meta';
import { yoloMeta } from '../sections/detection-yolo/meta';
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
  readonly Page: LazyExoticComponent<ComponentType>;
}

export const SECTIONS: readonly Section[] = [
  { ...segmentationBasicsMeta, Page: lazy(() => import('../sections/segmentation-basics/SegmentationBasicsPage')) },
  { ...liveSegmentationMeta, Page: lazy(() => import('../sections/segmentation-live/SegmentationLivePage')) },
  { ...segTrainMeta, Page: lazy(() => import('../sections/segmentation-train/SegTrainPage')) },
  { ...liveDetectionMeta, Page: lazy(() => import('../sections/detection-live/LiveDetectionPage')) },
  { ...metricsLabMeta, Page: lazy(() => import('../sections/detection-metrics/MetricsLabPage')) },
  { ...xrayMeta, Page: lazy(() => import('../sections/detection-xray/XrayPage')) },
  { ...yoloMeta, Page: lazy(() => import('../sections/detection-yolo/YoloPage')) },
  { ...instanceMeta, Page: lazy(() => import('../sections/instance/InstancePage')) },
];

export function sectionIndex(path: string): number {
  return SECTIONS.findIndex((s) => s.path === path);
}
