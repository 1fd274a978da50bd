/**
 * grader/engine/batch.ts and grader/cli/grade-batch.ts: a gradebook from a folder of submissions,
 * where bad submissions do not stop the batch.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { csvField, gradeBatch } from "../../grader/engine/batch";
import { main } from "../../grader/cli/grade-batch";
import {
  FIXTURE,
  FIXTURE_OPTIONS,
  FIXTURE_SOLUTIONS,
  FIXTURE_STUBS,
  HOSTILE,
  cleanTemps,
  goodSeq,
  goodVec,
  runMain,
  tempDir,
} from "./helpers";

/** Parses the simple CSV the gradebook uses (quoted fields may hold commas, quotes, newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  return rows;
}

describe("grading/batch: grading a folder of submissions", function () {
  this.timeout(120_000);
  after(cleanTemps);

  function makeSubmissions(): string {
    const root = tempDir("batch");
    const put = (student: string, files: Record<string, string>) => {
      fs.mkdirSync(path.join(root, student));
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, student, name), content);
    };
    put("alice", { "fixture-vec.ts": goodVec(), "fixture-seq.ts": goodSeq() });
    put("bob", {
      "fixture-vec.ts": fs.readFileSync(path.join(FIXTURE_STUBS, "fixture-vec.ts"), "utf8"),
      "fixture-seq.ts": fs.readFileSync(path.join(FIXTURE_STUBS, "fixture-seq.ts"), "utf8"),
    });
    put('carol, "the hostile"', {
      "fixture-vec.ts": fs.readFileSync(path.join(HOSTILE, "a1-infinite-loop.ts"), "utf8"),
      "fixture-seq.ts": fs.readFileSync(path.join(HOSTILE, "b1-exit-0-on-load.ts"), "utf8"),
    });
    put("dave", {});
    fs.writeFileSync(path.join(root, "not-a-folder.txt"), "ignored");
    return root;
  }

  it("writes a gradebook row and a JSON + text report per student, whatever the submissions do", async () => {
    const submissions = makeSubmissions();
    const out = tempDir("batch-out");
    const summary = await gradeBatch({ submissionsDir: submissions, outDir: out, ...FIXTURE_OPTIONS, jobs: 2 });
    assert.deepEqual(
      summary.rows.map((r) => [r.student, r.total, r.status]),
      [
        ["alice", 7, "ok"],
        ["bob", 0, "ok"],
        ['carol, "the hostile"', 3, "ok"],
        ["dave", 0, "ok"],
      ],
    );
    const csv = parseCsv(fs.readFileSync(summary.gradebook, "utf8"));
    assert.deepEqual(csv[0], ["student", "fixture-vec", "fixture-seq", "total", "max", "status"]);
    assert.deepEqual(csv[1], ["(max)", "5", "2", "7", "7", ""]);
    assert.deepEqual(csv[2], ["alice", "5", "2", "7", "7", "ok"]);
    assert.deepEqual(csv[4], ['carol, "the hostile"', "3", "0", "3", "7", "ok"]);
    assert.equal(csv.length, 6);
    const reports = fs.readdirSync(path.join(out, "reports")).sort();
    assert.deepEqual(reports, [
      "alice.json",
      "alice.txt",
      "bob.json",
      "bob.txt",
      "carol___the_hostile_.json",
      "carol___the_hostile_.txt",
      "dave.json",
      "dave.txt",
    ]);
    const carol = JSON.parse(fs.readFileSync(path.join(out, "reports", "carol___the_hostile_.json"), "utf8"));
    assert.equal(carol.exercises[0].tests[0].status, "timeout");
    assert.match(
      fs.readFileSync(path.join(out, "reports", "dave.txt"), "utf8"),
      /exercises\/fixture-vec\.ts was not found in the submission/,
    );
  });

  it("quotes CSV fields that need it", () => {
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField(null), "");
    assert.equal(csvField(2.5), "2.5");
  });

  it("runs as the grade-batch command", async () => {
    const submissions = tempDir("batch-cli");
    fs.mkdirSync(path.join(submissions, "s1"));
    fs.writeFileSync(path.join(submissions, "s1", "fixture-seq.ts"), goodSeq());
    const out = tempDir("batch-cli-out");
    const r = await runMain(main, [
      submissions,
      "--out",
      out,
      "--specs",
      FIXTURE,
      "--reference",
      FIXTURE_SOLUTIONS,
      "--exercise",
      "fixture-seq",
      "--jobs",
      "2",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[1\/1\] s1: 2\/2/);
    assert.equal(
      fs.readFileSync(path.join(out, "gradebook.csv"), "utf8"),
      "student,fixture-seq,total,max,status\n(max),2,2,2,\ns1,2,2,2,ok\n",
    );
    const missing = await runMain(main, [path.join(submissions, "nope"), "--out", out]);
    assert.equal(missing.status, 2);
  });
});
