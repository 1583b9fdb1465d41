/** COCO-SSD's id and info without its code (no tfjs): for pages that run it in a worker. */
export const COCO_SSD_INFO = { id: 'coco-ssd-lite_mobilenet_v2', task: 'detection', title: 'COCO-SSD (SSDLite MobileNetV2)' } as const;
