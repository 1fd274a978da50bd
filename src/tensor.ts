/**
 * The tensor core: a float64 array with a shape, and reverse-mode automatic differentiation
 * over the graph of operations that produced it.
 *
 * Every op (see src/ops/) computes its forward value eagerly and, when gradients are being
 * recorded, attaches a closure that applies the chain rule for that op (see src/autograd.ts). `backward()` sorts the
 * recorded graph topologically and runs those closures in reverse order; gradients accumulate
 * in `grad` (call `zeroGrad` or the optimiser's `zeroGrad()` between steps).
 */

/** A shape: sizes of each axis, outermost first (row-major storage). */
export type Shape = readonly number[];

let gradEnabled = true;

/** True when ops record the graph for `backward()`. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` without recording the graph (inference): results have no gradient history.
 * Restores the previous mode even if `fn` throws.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Formats a shape for error messages: [2,3]. */
export function fmtShape(shape: Shape): string {
  return "[" + shape.join(",") + "]";
}

export class Tensor {
  /** Values in row-major order. */
  readonly data: Float64Array;
  /** Sizes of each axis. */
  readonly shape: number[];
  /** Accumulated gradient of the last `backward()` (same layout as data), or null. */
  grad: Float64Array | null = null;
  /** Whether gradients flow to this tensor (parameters and inputs you differentiate by). */
  requiresGrad: boolean;
  /** Name of the op that produced this tensor ("leaf" for inputs and parameters). */
  readonly op: string;
  /** Tensors this one was computed from (only when recorded). */
  readonly parents: readonly Tensor[];
  /** Chain rule of the producing op: reads this.grad, accumulates into parents' grads. */
  backwardFn: (() => void) | null;
  /** Optional label (parameter name) used in error and gradient-check reports. */
  name: string | undefined;

  constructor(
    data: Float64Array,
    shape: Shape,
    options: {
      requiresGrad?: boolean;
      op?: string;
      parents?: readonly Tensor[];
      backwardFn?: () => void;
      name?: string;
    } = {},
  ) {
    const size = sizeOf(shape);
    for (const s of shape) {
      if (!Number.isInteger(s) || s < 0)
        throw new Error(`Tensor: shape ${fmtShape(shape)} must hold non-negative integers`);
    }
    if (data.length !== size) {
      throw new Error(`Tensor: data has ${data.length} values but shape ${fmtShape(shape)} needs ${size}`);
    }
    this.data = data;
    this.shape = shape.slice();
    this.requiresGrad = options.requiresGrad ?? false;
    this.op = options.op ?? "leaf";
    this.parents = options.parents ?? [];
    this.backwardFn = options.backwardFn ?? null;
    this.name = options.name;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1)
      throw new Error(`Tensor.item: tensor of shape ${fmtShape(this.shape)} has ${this.data.length} values, not 1`);
    return this.data[0];
  }

  /** Values as nested arrays (for printing and tests). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape, 0, 0) as NestedArray;
  }

  /** A new leaf with the same values and no history (gradients stop here). */
  detach(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** Gradient as a tensor of the same shape (zeros if none accumulated). */
  gradTensor(): Tensor {
    return new Tensor(this.grad ? this.grad.slice() : new Float64Array(this.size), this.shape);
  }

  /** Clears the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * Reverse-mode differentiation from this tensor. Without `seed` the tensor must hold one value
   * (a loss); with `seed` (same shape), computes the vector-Jacobian product seed · d(this)/d(inputs).
   */
  backward(seed?: Tensor | Float64Array): void {
    let g: Float64Array;
    if (seed === undefined) {
      if (this.size !== 1) {
        throw new Error(
          `backward: called on a tensor of shape ${fmtShape(this.shape)}; pass a seed gradient of that shape or reduce to a scalar first`,
        );
      }
      g = new Float64Array([1]);
    } else {
      g = seed instanceof Tensor ? seed.data : seed;
      if (g.length !== this.size) {
        throw new Error(`backward: seed has ${g.length} values but the tensor has shape ${fmtShape(this.shape)}`);
      }
    }
    if (this.grad) for (let i = 0; i < g.length; i++) this.grad[i] += g[i];
    else this.grad = g.slice();
    const order = topologicalOrder(this);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      if (t.backwardFn && t.grad) t.backwardFn();
    }
  }

  toString(): string {
    return `Tensor(${fmtShape(this.shape)}${this.op !== "leaf" ? ", op=" + this.op : ""})`;
  }
}

/** Nested number arrays, as produced by `toArray`. */
export type NestedArray = number | NestedArray[];

function toNested(data: Float64Array, shape: Shape, axis: number, offset: number): NestedArray {
  if (axis === shape.length) return data[offset];
  const stride = sizeOf(shape.slice(axis + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < shape[axis]; i++) out.push(toNested(data, shape, axis + 1, offset + i * stride));
  return out;
}

/** Nodes reachable from `root` that need gradients, parents before children (iterative DFS). */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1] = next + 1;
      const p = node.parents[next];
      if (!visited.has(p) && p.requiresGrad) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** Anything that can be turned into a tensor. */
export type TensorLike = Tensor | number | NestedArray | Float64Array | ArrayLike<number>;

/**
 * Makes a tensor from nested arrays, a flat array with a shape, or a number.
 * `tensor([[1,2],[3,4]])`, `tensor([1,2,3,4,5,6], [2,3])`, `tensor(0.5)`.
 */
export function tensor(
  values: TensorLike,
  shape?: Shape,
  options: { requiresGrad?: boolean; name?: string } = {},
): Tensor {
  if (values instanceof Tensor) {
    const t = new Tensor(values.data.slice(), shape ?? values.shape, options);
    return t;
  }
  if (typeof values === "number") {
    return new Tensor(new Float64Array([values]), shape ?? [], options);
  }
  if (Array.isArray(values) && values.some((v) => Array.isArray(v))) {
    const inferred: number[] = [];
    let level: NestedArray = values as NestedArray;
    while (Array.isArray(level)) {
      inferred.push(level.length);
      level = level[0];
    }
    const flat = new Float64Array(sizeOf(inferred));
    let k = 0;
    const walk = (v: NestedArray, axis: number): void => {
      if (axis === inferred.length) {
        if (typeof v !== "number") throw new Error(`tensor: ragged nested array, expected a number at depth ${axis}`);
        flat[k++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== inferred[axis]) {
        throw new Error(`tensor: ragged nested array, expected length ${inferred[axis]} at depth ${axis}`);
      }
      for (const x of v) walk(x, axis + 1);
    };
    walk(values as NestedArray, 0);
    return new Tensor(flat, shape ?? inferred, options);
  }
  const arr = values as ArrayLike<number>;
  const flat = Float64Array.from(arr);
  return new Tensor(flat, shape ?? [flat.length], options);
}

/** A tensor of zeros. */
export function zeros(shape: Shape, options: { requiresGrad?: boolean } = {}): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)), shape, options);
}

/** A tensor of ones. */
export function ones(shape: Shape, options: { requiresGrad?: boolean } = {}): Tensor {
  return full(shape, 1, options);
}

/** A tensor filled with `value`. */
export function full(shape: Shape, value: number, options: { requiresGrad?: boolean } = {}): Tensor {
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape, options);
}

/** Converts a number or array to a constant tensor; tensors pass through. */
export function asTensor(x: TensorLike): Tensor {
  return x instanceof Tensor ? x : tensor(x);
}

/** The identity matrix of size n, optionally scaled: s·I. */
export function eye(n: number, scale = 1): Tensor {
  const t = zeros([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = scale;
  return t;
}
