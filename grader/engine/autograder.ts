/**
 * Gradescope: the autograder zip (`npm run autograder-zip -- OUT.zip`); the grading run inside it
 * (`rnn-course gradescope`, called by the zip's `run_autograder`) is ./gradescope.ts.
 *
 * The zip holds, at its root: `setup.sh` (installs Node 20 from NodeSource when the image lacks
 * it, util-linux for prlimit/setpriv/unshare, then `npm ci` of the packaged project),
 * `run_autograder`, and the course edition with hidden cases KEPT (specs unstripped, fixtures
 * recorded from solutions/ including hidden outputs), without notebooks and without solution
 * code. Gradescope unpacks it into /autograder/source.
 *
 * The root folder can be moved with the AUTOGRADER_ROOT environment variable (used by the tests).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { zipSync, type Zippable } from "fflate";
import { release } from "./release";

/** The `setup.sh` of the zip. */
export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope image setup for the rnn-course autograder: Node.js 20+, util-linux (prlimit, setpriv,
# unshare: the sandbox of learner code), and the packaged project's dependencies.
set -euo pipefail
SOURCE="\${AUTOGRADER_ROOT:-/autograder}/source"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg util-linux
if ! command -v node >/dev/null 2>&1 || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
node --version
cd "$SOURCE"
npm ci --no-audit --no-fund
chmod +x "$SOURCE/run_autograder"
`;

/** The `run_autograder` of the zip. */
export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope entry point: grades $AUTOGRADER_ROOT/submission (default /autograder) into
# $AUTOGRADER_ROOT/results/results.json. A results file is written whatever happens.
set -u
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$SOURCE" || exit 1
node grader/cli/rnn-course.cjs gradescope "$ROOT"
status=$?
if [ ! -s "$RESULTS" ]; then
  printf '{"score": 0, "output": "The autograder could not run (exit status %s). %s", "tests": []}\\n' \\
    "$status" "Please tell your instructor." > "$RESULTS"
fi
exit 0
`;

/** Options of {@link buildAutograderZip}. */
export interface AutograderZipOptions {
  /** The zip file to write. */
  outFile: string;
  /** The teacher's repository (default: this project). */
  root?: string;
  /** Child processes at a time while recording reference outputs. */
  jobs?: number;
  /** Progress messages. */
  log?: (line: string) => void;
}

const FIXED_MTIME = new Date("2024-01-01T00:00:00Z");

function addTree(zip: Zippable, dir: string, prefix: string, skipped: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isSymbolicLink()) {
      skipped.push(name);
    } else if (e.isDirectory()) {
      addTree(zip, p, name, skipped);
    } else if (e.isFile()) {
      const mode = fs.statSync(p).mode & 0o777;
      zip[name] = [
        new Uint8Array(fs.readFileSync(p)),
        { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0, mtime: FIXED_MTIME },
      ];
    }
  }
}

/** Builds the Gradescope autograder zip; returns the list of files it holds. */
export async function buildAutograderZip(opts: AutograderZipOptions): Promise<string[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-autograder-"));
  try {
    const edition = path.join(work, "source");
    await release({ outDir: edition, root: opts.root, keepHidden: true, jobs: opts.jobs, log: opts.log });
    fs.rmSync(path.join(edition, "notebooks"), { recursive: true, force: true }); // not needed to grade
    fs.writeFileSync(path.join(edition, "setup.sh"), SETUP_SH, { mode: 0o755 });
    fs.writeFileSync(path.join(edition, "run_autograder"), RUN_AUTOGRADER, { mode: 0o755 });
    fs.chmodSync(path.join(edition, "setup.sh"), 0o755);
    fs.chmodSync(path.join(edition, "run_autograder"), 0o755);
    const zip: Zippable = {};
    const skipped: string[] = [];
    addTree(zip, edition, "", skipped);
    if (skipped.length > 0) opts.log?.(`left out symbolic links: ${skipped.join(", ")}`);
    fs.mkdirSync(path.dirname(path.resolve(opts.outFile)), { recursive: true });
    fs.writeFileSync(opts.outFile, zipSync(zip, { level: 6 }));
    return Object.keys(zip).sort();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
