/**
 * grader/engine/autograder.ts: the Gradescope autograder zip, run against a simulated /autograder
 * layout in a temporary folder (AUTOGRADER_ROOT).
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { buildAutograderZip } from "../../grader/engine/autograder";
import { ROOT, cleanTemps, goodSeq, makeTeacherProject, tempDir } from "./helpers";

/** Unix modes of the entries of a zip, read from its central directory. */
function zipModes(zip: Buffer): Map<string, number> {
  const modes = new Map<string, number>();
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "end of central directory found");
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(p), 0x02014b50);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const external = zip.readUInt32LE(p + 38);
    modes.set(zip.toString("utf8", p + 46, p + 46 + nameLength), (external >>> 16) & 0o7777);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return modes;
}

function extract(zip: Buffer, dir: string): void {
  const modes = zipModes(zip);
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data, { mode: modes.get(name) || 0o644 });
  }
}

function runAutograder(root: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    // As Gradescope does: execute the script itself (shebang, executable bit).
    const child = spawn(path.join(root, "source", "run_autograder"), [], {
      cwd: root,
      env: { ...process.env, AUTOGRADER_ROOT: root },
      stdio: "ignore",
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
}

describe("grading/autograder: the Gradescope zip", function () {
  this.timeout(180_000);
  let zip: Buffer;
  let files: string[];

  before(async function () {
    this.timeout(180_000);
    const teacher = makeTeacherProject();
    const out = path.join(tempDir("zip"), "autograder.zip");
    files = await buildAutograderZip({ outFile: out, root: teacher });
    zip = fs.readFileSync(out);
  });
  after(cleanTemps);

  it("holds setup.sh, an executable run_autograder, the graders with hidden cases and their fixtures, no solutions", () => {
    for (const f of [
      "setup.sh",
      "run_autograder",
      "package.json",
      "package-lock.json",
      "grader/cli/rnn-course.cjs",
      "grader/engine/grade.ts",
      "grader/specs/fixture-vec.grader.ts",
      "grader/specs/fixtures/fixture-vec.json",
    ]) {
      assert.ok(files.includes(f), f);
    }
    assert.ok(
      !files.some((f) => f.startsWith("solutions/") || f.startsWith("notebooks/") || f.startsWith("node_modules/")),
    );
    const modes = zipModes(zip);
    assert.equal(modes.get("run_autograder"), 0o755);
    assert.equal(modes.get("setup.sh"), 0o755);
    const contents = unzipSync(new Uint8Array(zip));
    const text = (f: string) => Buffer.from(contents[f]).toString("utf8");
    assert.ok(text("grader/specs/fixture-vec.grader.ts").includes('id: "axpy-hidden"'), "hidden cases kept");
    assert.ok(text("grader/specs/fixtures/fixture-vec.json").includes('"axpy-hidden"'), "hidden outputs recorded");
    assert.ok(
      !Object.keys(contents).some((f) => /sumOfProductsForFixture|runningTotalsForFixture/.test(text(f))),
      "no solution code",
    );
    const setup = text("setup.sh");
    assert.match(setup, /deb\.nodesource\.com\/setup_20\.x/);
    assert.match(setup, /npm ci/);
    assert.match(setup, /util-linux/);
    for (const script of ["setup.sh", "run_autograder"]) {
      const check = spawnSync("bash", ["-n"], { input: text(script) });
      assert.equal(check.status, 0, `${script} is valid bash: ${check.stderr}`);
    }
  });

  it("run_autograder grades /autograder/submission into results/results.json (hidden cases after_published)", async () => {
    const root = tempDir("autograder");
    extract(zip, path.join(root, "source"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "source", "node_modules"));
    fs.mkdirSync(path.join(root, "submission"));
    fs.writeFileSync(path.join(root, "submission", "fixture-seq.ts"), goodSeq());
    fs.writeFileSync(
      path.join(root, "submission", "fixture-vec.ts"),
      "export function dot(a: number[], b: number[]): number { return a.reduce((s, x, " +
        "i) => s + x * b[i], 0); }\nexport function axpy(alpha: number, x: number[], y: " +
        "number[]): number[] { return x.map((xi, i) => alpha * xi + y[i] + (alpha < 0 ? " +
        "1 : 0)); }\n",
    );
    assert.equal(await runAutograder(root), 0);
    const results = JSON.parse(fs.readFileSync(path.join(root, "results", "results.json"), "utf8"));
    assert.equal(results.score, 6);
    assert.equal(results.stdout_visibility, "hidden");
    assert.equal(results.tests.length, 6);
    const hidden = results.tests.find((t: { name: string }) => t.name.includes("[axpy-hidden]"));
    assert.deepEqual(
      [hidden.visibility, hidden.status, hidden.score, hidden.max_score],
      ["after_published", "failed", 0, 1],
    );
    assert.ok(
      results.tests
        .filter((t: { name: string }) => !t.name.includes("[axpy-hidden]"))
        .every((t: { visibility: string; status: string }) => t.visibility === "visible" && t.status === "passed"),
    );
    assert.match(results.output, /Total: 6\/7/);
  });

  it("writes a results file even when the submission is empty or the grader cannot start", async () => {
    const root = tempDir("autograder-broken");
    extract(zip, path.join(root, "source"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "source", "node_modules"));
    fs.mkdirSync(path.join(root, "submission"));
    assert.equal(await runAutograder(root), 0);
    const empty = JSON.parse(fs.readFileSync(path.join(root, "results", "results.json"), "utf8"));
    assert.equal(empty.score, 0);
    assert.equal(empty.tests.length, 6);
    assert.match(empty.tests[0].output, /not found in the submission/);

    fs.rmSync(path.join(root, "source", "grader", "cli", "rnn-course.cjs"));
    assert.equal(await runAutograder(root), 0);
    const broken = JSON.parse(fs.readFileSync(path.join(root, "results", "results.json"), "utf8"));
    assert.equal(broken.score, 0);
    assert.match(broken.output, /The autograder could not run/);
  });
});
