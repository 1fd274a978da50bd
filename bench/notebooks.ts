/**
 * Benchmark: every course notebook run top to bottom in the real rnn-course kernel, one after the
 * other (nothing else running beside it), with the seconds each spent in its cells and the total.
 *
 * This is the figure the speed work is judged by: run it before and after a change to the library
 * on the same notebooks and compare the totals (the JSON line at the end is for tools).
 * Kernel start-up (about 2 s per notebook) is shown apart and not counted in the cell total.
 *
 * Usage: npm run bench:notebooks [-- --filter ch1 --json out.json]
 *   --filter TEXT   only notebooks whose path contains TEXT
 *   --json FILE     also write the results to FILE
 * RNN_COURSE_WASM=0 in the environment times the pure TypeScript kernels (the kernel inherits it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../scripts/kernel/kernelspec";
import { describeFailure, discoverNotebooks, runNotebook } from "../scripts/notebook/notebooks";

function option(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0) return undefined;
  const value = process.argv[k + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`bench:notebooks: --${name} needs a value`);
  return value;
}

async function main(): Promise<number> {
  const filter = option("filter");
  const jsonPath = option("json");
  const notebooks = discoverNotebooks().filter((f) => !filter || path.relative(PROJECT_ROOT, f).includes(filter));
  if (notebooks.length === 0) throw new Error(`bench:notebooks: no notebook matches --filter ${filter}`);
  const rows: { notebook: string; seconds: number; startupSeconds: number; ok: boolean }[] = [];
  let failed = 0;
  for (const file of notebooks) {
    // A generous budget: this measures, the notebook test enforces the 60 s budget.
    const result = await runNotebook(file, { budgetSeconds: 600 });
    const name = path.relative(PROJECT_ROOT, file);
    rows.push({ notebook: name, seconds: result.seconds, startupSeconds: result.startupSeconds, ok: result.ok });
    console.log(`${result.seconds.toFixed(1).padStart(6)} s  ${name}${result.ok ? "" : "  FAILED"}`);
    if (!result.ok) {
      failed++;
      console.error(describeFailure(result));
    }
  }
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  const startup = rows.reduce((s, r) => s + r.startupSeconds, 0);
  console.log(`${total.toFixed(1).padStart(6)} s  total in cells, ${rows.length} notebooks, one at a time`);
  console.log(`${startup.toFixed(1).padStart(6)} s  kernel start-up, not counted above`);
  const summary = {
    notebooks: rows.length,
    total_seconds: +total.toFixed(2),
    wasm: process.env.RNN_COURSE_WASM !== "0",
    rows,
  };
  if (jsonPath) fs.writeFileSync(jsonPath, JSON.stringify(summary, null, 2) + "\n");
  console.log(JSON.stringify({ notebooks: rows.length, total_seconds: summary.total_seconds, failed }));
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
