/**
 * Modules hold parameters (tensors with requiresGrad) and sub-modules as ordinary fields;
 * `parameters()` finds them by walking the fields, in declaration order.
 */
import { Tensor, fmtShape } from "../tensor";

/** Base class of layers and models. */
export abstract class Module {
  /** Parameters of this module and its sub-modules, with dotted names ("cells.0.weightIh"). */
  namedParameters(prefix = ""): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    const seen = new Set<Tensor>();
    const visit = (value: unknown, name: string): void => {
      if (value instanceof Tensor) {
        if (value.requiresGrad && !seen.has(value)) {
          seen.add(value);
          out.push([name, value]);
        }
      } else if (value instanceof Module) {
        for (const [n, p] of value.namedParameters(name + ".")) {
          if (!seen.has(p)) {
            seen.add(p);
            out.push([n, p]);
          }
        }
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => visit(v, `${name}.${i}`));
      }
    };
    for (const key of Object.keys(this)) visit((this as Record<string, unknown>)[key], prefix + key);
    return out;
  }

  /** All trainable parameters. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Clears the gradients of all parameters. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Copies parameter values from a name → values map (e.g. weights from another library). */
  loadParameters(values: Record<string, ArrayLike<number>>): void {
    const named = new Map(this.namedParameters());
    for (const [name, v] of Object.entries(values)) {
      const p = named.get(name);
      if (!p) throw new Error(`loadParameters: no parameter named "${name}" (have: ${[...named.keys()].join(", ")})`);
      if (v.length !== p.size)
        throw new Error(
          `loadParameters: "${name}" has shape ${fmtShape(p.shape)} (${p.size} values) but ${v.length} values were given`,
        );
      p.data.set(Float64Array.from(v));
    }
  }
}

/** Names a tensor as a trainable parameter. */
export function parameter(t: Tensor, name: string): Tensor {
  t.requiresGrad = true;
  t.name = name;
  return t;
}

/** Number of trainable values in a module or a list of tensors. */
export function countParameters(m: Module | readonly Tensor[]): number {
  const ps = m instanceof Module ? m.parameters() : m;
  return ps.reduce((n, p) => n + p.size, 0);
}
