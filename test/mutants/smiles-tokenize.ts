/** Mutants of exercises/smiles-tokenize.ts: mistakes applied to solutions/smiles-tokenize.ts (see ./mutant.ts). */
import type { Mutant } from "./mutant";

export const mutants: Mutant[] = [
  {
    name: "first-appearance-vocab",
    reason: "orders the vocabulary by first appearance instead of sorting.",
    search: '  return ["<pad>", "<unk>", ...[...distinct].sort()];',
    replace: '  return ["<pad>", "<unk>", ...distinct];',
  },
  {
    name: "greedy-two-letter",
    reason: "takes any uppercase letter followed by a lowercase letter as one atom (Sc, Cc …).",
    search: "    } else if (TWO_LETTER_ATOMS.has(smiles.slice(i, i + 2))) {",
    replace: "    } else if (/^[A-Z][a-z]$/.test(smiles.slice(i, i + 2))) {",
  },
  {
    name: "left-padding",
    reason: "pads on the left.",
    search: "    Array.from({ length: L }, (_, t) => (t < tokens.length ? (index.get(tokens[t]) ?? 1) : 0)),",
    replace: `    Array.from({ length: L }, (_, t) =>
      t >= L - tokens.length ? (index.get(tokens[t - (L - tokens.length)]) ?? 1) : 0,
    ),`,
    also: [
      {
        search:
          "  const mask = tokenized.map((tokens) => Array.from({ length: L }, (_, t) => (t < tokens.length ? 1 : 0)));",
        replace:
          "  const mask = tokenized.map((tokens) => Array.from({ length: L }, (_, t) => (t >= L - tokens.length ? 1 : 0)));",
      },
    ],
  },
  {
    name: "naive-chars",
    reason: "splits into single characters only.",
    search: `export function tokenizeSmiles(smiles: string): string[] {
  const tokens`,
    replace: `export function tokenizeSmiles(smiles: string): string[] {
  if (smiles.length >= 0) return smiles.split("");
  const tokens`,
  },
  {
    name: "no-brackets",
    reason: "does not treat bracket atoms as one token.",
    search: `    const ch = smiles[i];
    if (ch === "[") {
      const end = smiles.indexOf("]", i + 1);
      if (end < 0)
        throw new Error(
          \`tokenizeSmiles: unterminated bracket atom starting at position \${i} in \${JSON.stringify(smiles)}\`,
        );
      tokens.push(smiles.slice(i, end + 1));
      i = end + 1;
    } else if (TWO_LETTER_ATOMS.has(smiles.slice(i, i + 2))) {`,
    replace: "    if (TWO_LETTER_ATOMS.has(smiles.slice(i, i + 2))) {",
    also: [
      {
        search: '    } else if (ch === "%" && /^[0-9]{2}$/.test(smiles.slice(i + 1, i + 3))) {',
        replace: '    } else if (smiles[i] === "%" && /^[0-9]{2}$/.test(smiles.slice(i + 1, i + 3))) {',
      },
      { search: "      tokens.push(ch);", replace: "      tokens.push(smiles[i]);" },
    ],
  },
  {
    name: "no-special-tokens",
    reason: 'forgets "<pad>" and "<unk>" in the vocabulary.',
    search: '  return ["<pad>", "<unk>", ...[...distinct].sort()];',
    replace: "  return [...distinct].sort();",
  },
];
