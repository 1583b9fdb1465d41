/** Stride 16 at the graph's 300×300 input: 19×19×576 (the expansion of the 14th inverted residual). */
export const FEATURE_NODE = 'FeatureExtractor/MobilenetV2/expanded_conv_13/expand/Relu6';
