/** What the segmentation trainer's page and its worker share (no tfjs: the page imports this). */

/** Validation images: the first PREVIEW are shown; all VAL_N are scored. */
export const VAL_N = 48;
export const PREVIEW = 6;
/** The validation set is scored every EVAL_EVERY steps (and when training stops). */
export const EVAL_EVERY = 20;

/** The three segmentation nets (FCN, U-Net, dilated + ASPP), in display order. */
export const NET_IDS = ['fcn', 'unet', 'aspp'] as const;
export type NetId = (typeof NET_IDS)[number];
