/** Wrong variant of adding-problem: predicts the mean 1 for every sequence (the baseline, no training). */

/** Options of trainAdding. */
export interface AddingOptions {
  seed: number;
  length: number;
}

/** Returns the constant predictor 1, the best input-free guess (MSE 1/6). */
export function trainAdding(options: AddingOptions): (x: number[][][]) => number[] {
  void options;
  return (x) => x.map(() => 1);
}
