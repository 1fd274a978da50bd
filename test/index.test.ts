/**
 * The public API (src/index.ts): what `rnn.*` offers a learner. Op-author tools and the internals of
 * the layers live in their own modules (src/autograd.ts, src/nn/recurrent.ts, …) and must not leak
 * into it; every group of exports is introduced by a one-line comment.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as rnn from "../src/index";

/** Names that are internal to the library (kept up to date when an internal helper is added). */
const INTERNAL_NAMES = [
  // autograd: writing ops
  "result",
  "opResult",
  "accumulateGrad",
  "gradBuffer",
  "unary",
  "unaryOp",
  "pointwise",
  "sigmoidScalar",
  // axes, broadcasting and kernels
  "splitAt",
  "normalizeAxis",
  "broadcastShapes",
  "broadcastKind",
  "broadcastIndex",
  "stridedIndex",
  "reduceToShape",
  "expand",
  "gemm",
  "gemmNN",
  "gemmNT",
  "gemmTN",
  "fmtShape",
  "sizeOf",
  // running sequence layers
  "stepMask",
  "blend",
  "runStack",
  "runSteps",
  "runLayer",
  "runCellLayer",
  "initialState",
  "stackCells",
  "stackLayers",
  "checkLengths",
  "checkSequenceInput",
  // the fused whole-sequence ops and their plumbing
  "lstmSequence",
  "gruSequence",
  "rnnSequence",
  "checkFusedShapes",
  "validMask",
  "timeMajorInput",
  "timeMajorOutputGrad",
  "forEachValidRun",
  "transposed",
  "unpack",
  "addGrad",
  "setInputProjections",
  "expRows",
  "sigmoidRows",
  "tanhRows",
  "expScalar",
  "wasmKernels",
  "softmaxRows",
  "lstmCellRows",
  "lstmCellBackwardRows",
  "gruGateRows",
  "gruStateRows",
  "addInputGradients",
  "packResult",
  "backwardScratch",
  // data and estimation helpers
  "repositoryPath",
  "tokenCounts",
  "checkCpgHmm",
  "checkLinearStateSpace",
  // names replaced by one name for one idea
  "matMul",
  "identityMatrix",
  "matTranspose",
  "matInverse",
  "buildCharVocabulary",
  "CharVocabulary",
  "encodeTokens",
];

const GROUPS = ["Tensor and autograd", "Ops", "Layers", "Optimisers and training", "Data", "Estimation and statistics"];

describe("the public API (src/index.ts)", () => {
  const source = fs.readFileSync(path.join(__dirname, "..", "src", "index.ts"), "utf8");

  it("exports no internal name", () => {
    const leaked = INTERNAL_NAMES.filter((name) => name in rnn);
    assert.deepEqual(leaked, [], `rnn.* exports internal names: ${leaked.join(", ")}`);
  });

  it("names every export (no export *) and keeps to about the names a learner uses", () => {
    assert.doesNotMatch(source, /export \*/);
    const count = Object.keys(rnn).length;
    assert.ok(count >= 90 && count <= 140, `rnn.* has ${count} runtime names`);
  });

  it("introduces each group of exports with a one-line comment, in the order of the layers", () => {
    const lines = source.split("\n");
    const comments = lines.filter((l) => l.startsWith("// "));
    assert.deepEqual(
      comments.map((l) => l.slice(3, l.indexOf(":"))),
      GROUPS,
    );
    for (const c of comments) assert.ok(c.length > 20 && c.length <= 120, `a one-line description: ${c}`);
    // Every export statement follows a group comment, and every group holds at least one export.
    const firstExport = lines.findIndex((l) => l.startsWith("export"));
    assert.ok(firstExport > lines.indexOf(comments[0]), "exports start after the first group comment");
    comments.forEach((c, k) => {
      const start = lines.indexOf(c);
      const end = k + 1 < comments.length ? lines.indexOf(comments[k + 1]) : lines.length;
      assert.ok(
        lines.slice(start + 1, end).some((l) => l.startsWith("export {")),
        `group "${GROUPS[k]}" exports something`,
      );
    });
  });
});
