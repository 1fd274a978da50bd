/**
 * @file `npm run reset -- FILE...`: puts course files (notebooks, exercise files) back to the course's
 * version, the one in git's HEAD, dropping the learner's outputs and edits in them.
 *
 * `npm run reset -- --all` resets every notebook under notebooks/; with no argument it lists the
 * course files that differ from the course's version. The file is written from HEAD's blob even
 * when git counts it as unchanged (outputs alone are invisible to git through the notebook filter),
 * and its staged changes are dropped. A notebook open in Jupyter must then be reloaded from disk.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "./kernel/kernelspec";

function git(args: string[], encoding: "utf8" | "buffer" = "utf8") {
  const run = spawnSync("git", ["-C", PROJECT_ROOT, ...args], {
    encoding: encoding === "utf8" ? "utf8" : undefined,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    throw new Error(`npm run reset: cannot run git (${run.error.message}); install git`);
  }
  return run;
}

/** Course files (under notebooks/ or exercises/) that differ from HEAD, as `git status` sees them. */
function changedCourseFiles(): string[] {
  const run = git(["status", "--porcelain", "-z", "--", "notebooks", "exercises"]);
  return String(run.stdout)
    .split("\0")
    .filter((entry) => entry.length > 3 && !entry.startsWith("??"))
    .map((entry) => entry.slice(3));
}

function usage(): string {
  return [
    "usage: npm run reset -- FILE...      put FILE back to the course's version (outputs and edits are lost)",
    "       npm run reset -- --all        the same for every notebook under notebooks/",
    "用法：npm run reset -- 文件…  把文件恢复为课程版本（输出和修改都会丢失）",
  ].join("\n");
}

function main(argv: string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage() + "\n");
    return 0;
  }
  if (git(["rev-parse", "--verify", "--quiet", "HEAD"]).status !== 0) {
    process.stderr.write(`npm run reset: ${PROJECT_ROOT} is not a git checkout of the course; nothing to reset from\n`);
    return 1;
  }
  if (argv.length === 0) {
    const changed = changedCourseFiles();
    process.stdout.write(
      (changed.length === 0
        ? "Every notebook and exercise file is the course's version (outputs are never counted).\n"
        : `Files you changed (outputs are never counted):\n${changed.map((f) => `  ${f}`).join("\n")}\n`) +
        usage() +
        "\n",
    );
    return 0;
  }
  let files: string[];
  if (argv.length === 1 && argv[0] === "--all") {
    files = String(git(["ls-tree", "-r", "--name-only", "HEAD", "--", "notebooks"]).stdout)
      .split("\n")
      .filter((f) => f.endsWith(".ipynb"));
  } else {
    const unknown = argv.find((a) => a.startsWith("-"));
    if (unknown !== undefined) {
      process.stderr.write(`npm run reset: unknown option ${JSON.stringify(unknown)}\n${usage()}\n`);
      return 2;
    }
    // npm runs scripts in the project folder; INIT_CWD is where the learner typed the command.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    files = argv.map((a) => {
      const fromCwd = path.resolve(cwd, a);
      const file = fs.existsSync(fromCwd) ? fromCwd : path.resolve(PROJECT_ROOT, a);
      return path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
    });
  }
  let failed = 0;
  for (const file of files) {
    const blob = git(["cat-file", "blob", `HEAD:${file}`], "buffer");
    if (blob.status !== 0 || file.startsWith("..")) {
      process.stderr.write(`npm run reset: ${file} is not a file of the course (not in git's HEAD)\n`);
      failed++;
      continue;
    }
    const target = path.join(PROJECT_ROOT, file);
    const before = fs.existsSync(target) ? fs.readFileSync(target) : null;
    fs.writeFileSync(target, blob.stdout as Buffer);
    // Drop staged changes, then refresh git's entry: the file now has HEAD's content, but git's
    // status compares sizes first and would still count an earlier, bigger save as a change.
    git(["reset", "--quiet", "HEAD", "--", file]);
    git(["add", "--", file]);
    const same = before !== null && before.equals(blob.stdout as Buffer);
    process.stdout.write(same ? `${file}: already the course's version\n` : `${file}: reset to the course's version\n`);
  }
  if (files.length > failed && files.some((f) => f.endsWith(".ipynb"))) {
    process.stdout.write(
      "If a reset notebook is open in Jupyter, reload it (JupyterLab: File > Reload Notebook from Disk) before saving.\n",
    );
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
