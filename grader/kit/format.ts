/**
 * Number formatting for the kit's messages (both sides of the engine).
 */

/** Formats a number for messages: up to 7 significant digits, exact names for NaN, ±Infinity, -0. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  const a = Math.abs(x);
  if (x !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(6).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(7)));
}
