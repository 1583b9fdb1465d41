/**
 * "ImageNet became boring": the winning ILSVRC classification top-5 error by year, each with its
 * source. Test-set figures as reported by the authors or by the challenge's overview paper
 * (Russakovsky et al., "ImageNet Large Scale Visual Recognition Challenge", IJCV 2015).
 */
export interface Top5Entry {
  readonly year: number;
  readonly model: string;
  /** Top-5 error on the ILSVRC test set, %. */
  readonly top5: number;
  readonly source: string;
}

export const ILSVRC_TOP5: readonly Top5Entry[] = [
  { year: 2012, model: 'AlexNet (SuperVision)', top5: 15.3, source: 'Krizhevsky, Sutskever, Hinton, NIPS 2012' },
  { year: 2013, model: 'Clarifai (ZFNet)', top5: 11.7, source: 'Russakovsky et al., IJCV 2015, Table; Zeiler & Fergus, ECCV 2014' },
  { year: 2014, model: 'GoogLeNet', top5: 6.7, source: 'Szegedy et al., CVPR 2015 (6.67 %)' },
  { year: 2014, model: 'VGG (2nd)', top5: 7.3, source: 'Simonyan & Zisserman, ICLR 2015 (7.3 % in the challenge)' },
  { year: 2015, model: 'ResNet (ensemble)', top5: 3.57, source: 'He et al., CVPR 2016 (arXiv 1512.03385)' },
  { year: 2017, model: 'SENet (ensemble)', top5: 2.25, source: 'Hu, Shen, Sun, CVPR 2018 (2.251 %)' },
];

/** A trained human annotator (A. Karpathy) on 1500 test images: 5.1 % top-5 error. */
export const HUMAN_TOP5 = { top5: 5.1, source: 'Russakovsky et al., IJCV 2015, sec. 6.4' } as const;
