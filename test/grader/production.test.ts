/**
 * A teacher's production install grades: in a copy of the project, `npm ci --omit=dev` (from the
 * local npm cache when it has the packages) installs only `dependencies`, and `npm run grade` on
 * the reference solutions gives full marks. So what grading needs at run time (tsx, mocha,
 * esbuild) is in `dependencies`, and the grader imports nothing that only a dev install has.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, cleanTemps, tempDir } from "./helpers";

/** What a teacher's copy of the course holds for grading. */
const ENTRIES = ["package.json", "package-lock.json", "tsconfig.json", "src", "grader", "exercises", "solutions"];

describe("production install: npm ci --omit=dev, then npm run grade", function () {
  this.timeout(900_000);
  after(cleanTemps);

  it("installs no devDependencies and grades the reference solutions with full marks", () => {
    const dir = tempDir("production");
    for (const entry of ENTRIES) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    };
    delete env.NODE_OPTIONS;
    const install = spawnSync("npm", ["ci", "--omit=dev", "--prefer-offline", "--ignore-scripts"], {
      cwd: dir,
      env,
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(install.status, 0, `npm ci failed:\n${install.stderr.slice(-3000)}`);
    // Whatever the lock marks as needed by devDependencies only must be absent.
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/") && lock.packages[p].dev);
    assert.ok(devOnly.includes("node_modules/prettier"), "prettier is a devDependency only");
    const installed = devOnly.filter((p) => fs.existsSync(path.join(dir, p)));
    assert.deepEqual(installed, [], "packages needed only by devDependencies were installed");

    const submission = path.join(dir, "submission");
    fs.cpSync(path.join(dir, "solutions"), submission, { recursive: true });
    const grade = spawnSync("npm", ["run", "--silent", "grade", "--", submission, "--format", "json"], {
      cwd: dir,
      env,
      encoding: "utf8",
      timeout: 600_000,
    });
    assert.equal(grade.status, 0, `npm run grade failed:\n${grade.stderr.slice(-3000)}`);
    const report = JSON.parse(grade.stdout) as { score: number; max_score: number; exercises: unknown[] };
    assert.ok(report.exercises.length >= 17, `${report.exercises.length} exercises graded`);
    assert.ok(report.max_score > 0);
    assert.equal(report.score, report.max_score, grade.stdout.slice(0, 3000));
  });
});
