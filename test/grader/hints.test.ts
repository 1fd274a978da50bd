/**
 * Hints fit the failure: for each wrong variant (a mutant in test/mutants/<exercise>.ts) with a known
 * bug class, every failing test shows exactly the expected "Hint:" lines — the hint of that bug, and
 * no hint that describes another mistake (e.g. no "sigmoid instead of tanh?" for a loop-bounds bug).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gradeSubmissionDetailed, type DetailedExercise } from "../../grader/engine/grade";
import { applyMutant, type Mutant } from "../mutants/mutant";

const ROOT = path.resolve(__dirname, "..", "..");
const SOLUTIONS = path.join(ROOT, "solutions");

/** The solution of `name` with its mutant `variant` applied. */
function mutated(name: string, variant: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mutants } = require(path.join(ROOT, "test", "mutants", `${name}.ts`)) as { mutants: Mutant[] };
  const mutant = mutants.find((m) => m.name === variant);
  assert.ok(mutant, `test/mutants/${name}.ts has no mutant named ${variant}`);
  return applyMutant(fs.readFileSync(path.join(SOLUTIONS, `${name}.ts`), "utf8"), mutant, `solutions/${name}.ts`);
}

/** Expected hint lines (patterns, in order) per failing case; `default` for the cases not listed. */
type Expected = { default: RegExp[] } & Record<string, RegExp[]>;

const EXPECTED: Record<string, Record<string, Expected>> = {
  "rnn-step": {
    "d-for-m": { default: [], "wide-input": [/^Hint: m ≠ d here/] },
    "exp-tanh": { default: [], saturated: [/^Hint: NaN in h_t/] },
    "missing-bias": { default: [], "bias-only": [/h_t = tanh\(b\)/] },
    sigmoid: { default: [/sigmoid instead of tanh/] },
    "transposed-wh": { default: [], "recurrent-only": [/W_h is not symmetric/] },
  },
  "rnn-sequence": {
    "includes-h0": { default: [/states has T \+ 1 rows/] },
    "no-feedback": { default: [/fed back as h_\{t-1\}/] },
    "zero-start": { default: [], empty: [/T = 0/], "h0-matters": [/h_0 ≠ 0 here/] },
  },
  bptt: {
    "uses-h-t": { default: [/dW_h is not: the outer product uses the state BEFORE the step/] },
    "no-transpose": { default: [/check the backward recurrence/], "length-1": [/only dh0 is wrong/] },
    "no-tanh-derivative": {
      default: [/check the backward recurrence/],
      "worked-example": [/chain rule goes through tanh'/],
      "length-1": [/chain rule goes through tanh'/],
    },
  },
  "lstm-cell": {
    "h-without-tanh": { default: [/c_t is right, h_t is not/] },
    "pytorch-order": {
      default: [/block order/],
      "forget-open": [/block order/, /forget gate is open/],
      "input-only": [/block order/, /forget everything/],
      "output-closed": [/block order/, /output gate is closed/],
    },
  },
  "masked-cross-entropy": {
    "grad-not-normalised": { default: [/the gradient is not/] },
    "mean-over-all": { default: [/averaged over all B·T positions/] },
    "sum-not-mean": { default: [/your loss is the sum/] },
    "naive-softmax": { default: [], "large-logits": [/e\^\{1000\} overflows/] },
  },
  "kalman-rts": {
    "missing-as-zero": {
      default: [/NaN observations .* skip the update/],
      "all-missing": [/NaN observations .* skip the update/, /no observation at all/],
    },
    "no-process-noise": { default: [/first step is right but later filter steps are not/] },
    "predict-first": {
      default: [/first filtered value is wrong/],
      "length-1": [/first filtered value is wrong/, /with T = 1, smoothing changes nothing/],
    },
    "smoother-filtered-var": { default: [/the filter is right, the smoother is not/] },
  },
  "clip-grad-norm": {
    "naive-overflow": { default: [], huge: [/1e200 overflows/], tiny: [/1e-200 underflows/] },
    "per-array": { default: [], "global-not-per-array": [/Clipping is global/] },
    "norm-after": { default: [/BEFORE clipping/], "global-not-per-array": [/BEFORE clipping/, /Clipping is global/] },
    "always-rescale": { default: [], "no-clip": [/below maxNorm/] },
    "in-place": { default: [] },
  },
};

/** Hint lines of a message (the English ones; each has its Chinese line beside it). */
function hintLines(message: string): string[] {
  return message.split("\n").filter((l) => /Hint:/.test(l));
}

describe("grader hints fit the failure (wrong variants with a known bug class)", function () {
  this.timeout(300_000);
  // Round k grades the k-th listed variant of every exercise in one engine call.
  const rounds: Record<string, string>[] = [];
  for (const [name, variants] of Object.entries(EXPECTED))
    Object.keys(variants).forEach((variant, k) => ((rounds[k] ??= {})[name] = variant));
  const results = new Map<string, DetailedExercise>();
  const dirs: string[] = [];
  before(async () => {
    for (const round of rounds) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-course-hints-"));
      dirs.push(dir);
      for (const [name, variant] of Object.entries(round)) {
        fs.writeFileSync(path.join(dir, `${name}.ts`), mutated(name, variant));
      }
      const report = await gradeSubmissionDetailed({ submissionDir: dir, exercises: Object.keys(round) });
      for (const e of report.exercises) results.set(`${e.name}/${round[e.name]}`, e);
    }
  });
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, variants] of Object.entries(EXPECTED)) {
    for (const [variant, expected] of Object.entries(variants)) {
      it(`${name}/${variant}`, () => {
        const e = results.get(`${name}/${variant}`);
        assert.ok(e, `no result for ${name}/${variant}`);
        const failed = e.tests.filter((t) => t.status !== "passed");
        assert.ok(failed.length > 0, "the wrong variant passed every test");
        for (const key of Object.keys(expected))
          if (key !== "default")
            assert.ok(
              failed.some((t) => t.name === key),
              `case ${key} was expected to fail`,
            );
        for (const t of failed) {
          const want = expected[t.name] ?? expected.default;
          const got = hintLines(t.message);
          assert.equal(got.length, want.length, `${t.name}: hints ${JSON.stringify(got)}`);
          want.forEach((re, i) => assert.match(got[i], re, `${t.name}: hint ${i + 1}`));
        }
      });
    }
  }
});
