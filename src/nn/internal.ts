/** Small helpers shared by the layer files. */
import { Tensor, zeros } from "../tensor";
import { stack } from "../ops/shape";

export { Tensor, zeros };

/** Final states of each layer [B, d] → [numLayers, B, d]. */
export function stackLayers(states: Tensor[]): Tensor {
  return stack(states, 0);
}
