/** COCO-SSD's id and info without its code (no tfjs): for pages that run it in a worker. */
export const COCO_SSD_INFO = { id: 'coco-ssd-lite_mobilenet_v2', task: 'detection', title: 'COCO-SSD (SSDLite MobileNetV2)' } as const;

/**
 * The graph's input size: its preprocessor resizes every image to 300×300 (`Preprocessor/map/while/ResizeImage/
 * ResizeBilinear`, no aspect kept: the TF Object Detection API's `fixed_shape_resizer` of SSDLite MobileNetV2,
 * whose 1917 anchors are 19²·3 + (10² + 5² + 3² + 2² + 1²)·6 on a 300-px input). Boxes come out normalized, so a frame
 * scaled to this size before it is sent gives boxes for the original frame as they are.
 */
export const COCO_SSD_INPUT = { width: 300, height: 300 } as const;
