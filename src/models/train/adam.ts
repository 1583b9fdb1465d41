import * as tf from '@tensorflow/tfjs';

/** Adam (tfjs defaults: β₁ 0.9, β₂ 0.999, the backend's ε) whose learning rate can change between steps. */
export class AdjustableAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
  }

  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }
}
