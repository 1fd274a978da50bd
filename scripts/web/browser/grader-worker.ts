/**
 * @file The self-check's grading worker (created from a blob inside the sandboxed frame, see
 * selfcheck-frame.ts): loads one exercise's grader spec (student edition: no hidden cases), the
 * learner's code, and grades every case against the recorded fixture. The frame times each case and
 * terminates this worker at the first timeout.
 */
import { modules as library } from "rnn-course-library";
import { transform } from "sucrase";
import { decodeValue, hashValue, type FixtureFile } from "../../../grader/engine/fixtures";
import type { ExerciseSpec, GradeCase, Value } from "../../../grader/kit";
import type { FromGrader, GradeRequest } from "./selfcheck-protocol";

const post = (m: FromGrader) => (globalThis as unknown as { postMessage(m: FromGrader): void }).postMessage(m);

function describe(e: unknown): string {
  if (e instanceof Error) {
    const frames = (e.stack ?? "")
      .split("\n")
      .filter((l) => /exercises\/[\w-]+\.ts:\d+/.test(l))
      .map((l) => l.replace(/\(?blob:[^)]*\)?/, "").trim());
    return [`${e.name}: ${e.message}`, ...frames].join("\n");
  }
  return String(e);
}

function loadLearner(req: GradeRequest, spec: ExerciseSpec): Record<string, unknown> {
  const cache = new Map<string, Record<string, unknown>>();
  const load = (name: string): Record<string, unknown> => {
    const hit = cache.get(name);
    if (hit) return hit;
    const source = req.exercises[name];
    if (source === undefined) throw new Error(`cannot find exercises/${name}.ts`);
    const js = transform(source, { transforms: ["typescript", "imports"], production: true }).code;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(name, module.exports);
    const requireHere = (what: string) => {
      const lib = /^\.\.\/src(\/.*)?$/.exec(what);
      if (lib) {
        if (spec.library === false)
          throw new Error(
            `exercises/${name}.ts imports ${what}: this exercise is done by hand, without the course library`,
          );
        const key = (lib[1] ?? "").replace(/^\//, "").replace(/\.ts$/, "") || "index";
        const m = library[key] ?? library[`${key}/index`];
        if (!m) throw new Error(`exercises/${name}.ts imports ${what}, which is not in the course library`);
        return m;
      }
      const sibling = /^\.\/([\w-]+)(\.ts)?$/.exec(what);
      if (sibling) return load(sibling[1]);
      throw new Error(`exercises/${name}.ts imports "${what}", which is not available when grading`);
    };
    new Function("exports", "require", "module", `${js}\n//# sourceURL=exercises/${name}.ts`)(
      module.exports,
      requireHere,
      module,
    );
    module.exports = module.exports ?? {};
    cache.set(name, module.exports);
    return module.exports;
  };
  return load(req.name);
}

async function grade(req: GradeRequest): Promise<void> {
  const spec = (new Function(`${req.specCode}\nreturn __rnnSpec;`)() as { default: ExerciseSpec }).default;
  const fixture = req.fixture as FixtureFile;
  const cases: GradeCase[] = spec.cases().filter((c) => c.hidden !== true);
  const recorded = new Map(fixture.cases.map((c) => [c.id, c]));
  post({
    type: "cases",
    title: spec.title,
    cases: cases.map((c) => ({ id: c.id, title: c.title, points: c.points, timeoutMs: c.timeoutMs })),
  });
  let mod: Record<string, unknown> | null = null;
  let loadError = "";
  try {
    mod = loadLearner(req, spec);
    const missing = spec.exports.filter((e) => typeof mod?.[e] !== "function" && mod?.[e] === undefined);
    if (missing.length > 0) loadError = `exercises/${req.name}.ts does not export ${missing.join(", ")}`;
  } catch (e) {
    loadError = describe(e);
  }
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    post({ type: "start", index: i });
    const rec = recorded.get(c.id);
    if (!rec || rec.input_sha256 !== hashValue(c.input)) {
      post({ type: "case", index: i, status: "error", message: `grader problem: no recorded output for case ${c.id}` });
      continue;
    }
    if (loadError) {
      post({ type: "case", index: i, status: "error", message: loadError });
      continue;
    }
    try {
      const actual = await spec.run(mod as Record<string, unknown>, structuredClone(c.input));
      const verdict = spec.check(actual as Value, decodeValue(rec.output), c);
      post(
        verdict.ok
          ? { type: "case", index: i, status: "passed", message: "" }
          : { type: "case", index: i, status: "failed", message: verdict.message },
      );
    } catch (e) {
      post({ type: "case", index: i, status: "error", message: describe(e) });
    }
  }
  post({ type: "end" });
}

(globalThis as unknown as { onmessage: (e: { data: GradeRequest }) => void }).onmessage = (e) => {
  grade(e.data).catch((err) => post({ type: "fatal", message: describe(err) }));
};
