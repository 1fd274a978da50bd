/**
 * How `rnn-course` (./rnn-course.cjs) loads a command (./grade.ts, ./release.ts ...): from a
 * cached bundle of its TypeScript, else through the tsx loader.
 *
 * Loading a command's sixty-odd TypeScript files one by one through tsx took about 0.1 s, more
 * than half of what a notebook's self-check of one exercise costs; one bundle of them (built by
 * esbuild: the command, the engine, the sandbox, the kit and the library files they import; npm
 * packages stay outside and load from node_modules) loads in a few milliseconds.
 *
 * The cache is one file per command, `<root>/.tmp/cli/<command>.js` (.tmp is git-ignored). Its
 * first line records the files that went into it (esbuild's metafile inputs, plus tsconfig.json
 * and this file) with their modification time and size; the bundle is used only when every one of
 * them is unchanged, otherwise it is rebuilt, so an edited engine, kit or library file is never
 * served stale. A bundle is written to a temporary file and renamed into place, so graders
 * started together never read a half-written one, and it is not kept when one of its files changed
 * while it was being built.
 *
 * Falls back to tsx when the cache folder cannot be written (a read-only copy: silently) or when
 * esbuild cannot bundle (a one-line note on stderr).
 * Environment: RNN_COURSE_CLI_CACHE=off always uses tsx; RNN_COURSE_CLI_TRACE=1 prints on stderr
 * how the command was loaded (tests and diagnostics).
 */
"use strict";
const { randomBytes } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The project root (grader/cli/ → root). */
const ROOT = path.resolve(__dirname, "..", "..");
/** Where the bundles are kept. */
const CACHE_DIR = path.join(ROOT, ".tmp", "cli");
/** Starts every bundle's first line; change it when the way bundles are built changes. */
const HEADER = "// rnn-course-cli-bundle/1 ";
/** Files changed this recently (ms) before a build started may have changed during it: such a bundle is not kept. */
const SETTLE_MS = 2000;

/** Modification time and size of a file, or null when it is gone. */
function stamp(file) {
  try {
    const st = fs.statSync(file);
    return [st.mtimeMs, st.size];
  } catch {
    return null;
  }
}

/** True when every file recorded in the bundle's first line is unchanged. */
function isFresh(code) {
  if (!code.startsWith(HEADER)) return false;
  let inputs;
  try {
    inputs = JSON.parse(code.slice(HEADER.length, code.indexOf("\n"))).inputs;
  } catch {
    return false;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return false;
  for (const [file, mtime, size] of inputs) {
    const now = stamp(path.resolve(ROOT, file));
    if (now === null || now[0] !== mtime || now[1] !== size) return false;
  }
  return true;
}

/** True when the cache folder exists or can be made, and a file can be created in it. */
function canWrite(dir) {
  const probe = path.join(dir, `.probe-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.closeSync(fs.openSync(probe, "wx"));
    fs.rmSync(probe);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bundles the command's TypeScript (`entry`) as it will run from `bundleFile`. Returns the code and
 * whether it may be kept (none of its files changed lately); throws when esbuild is missing or
 * cannot build it.
 */
async function build(entry, bundleFile) {
  const esbuild = require("esbuild");
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: ROOT,
    outfile: bundleFile,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // grader/engine/project-root.ts: the root, seen from the bundle's folder.
    define: { RNN_COURSE_BUNDLE_ROOT: JSON.stringify(path.relative(path.dirname(bundleFile), ROOT)) },
  });
  const files = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes(":"))
    .concat(["tsconfig.json", path.relative(ROOT, __filename)]);
  const inputs = [];
  let keep = true;
  for (const file of files) {
    const s = stamp(path.resolve(ROOT, file));
    // Changed during the build (or within the file system's time resolution of its start): the
    // bundle may hold the older version under the newer stamp.
    if (s === null || s[0] >= started - SETTLE_MS) keep = false;
    else inputs.push([file, ...s]);
  }
  return { code: `${HEADER}${JSON.stringify({ inputs })}\n${result.outputFiles[0].text}`, keep };
}

/** Writes `code` to `file` through a temporary file renamed into place; false when it could not. */
function writeAtomically(file, code) {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.writeFileSync(temp, code, { flag: "wx", mode: 0o644 });
    fs.renameSync(temp, file);
    return true;
  } catch {
    fs.rmSync(temp, { force: true });
    return false;
  }
}

/** Runs `code` (a bundle) as the module `file`. */
function compile(code, file) {
  const Module = require("node:module");
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(code, file);
  return m.exports;
}

function trace(message) {
  if (process.env.RNN_COURSE_CLI_TRACE === "1") process.stderr.write(`rnn-course: ${message}\n`);
}

function throughTsx(file, why) {
  trace(`${path.basename(file)} through tsx (${why})`);
  // The project's own tsconfig, whatever the current folder holds (a submission may ship one).
  process.env.TSX_TSCONFIG_PATH = path.join(ROOT, "tsconfig.json");
  require("tsx/cjs/api").register();
  return require(file);
}

/**
 * The module of command file `name` (e.g. "grade.ts" of this folder): from its cached bundle, a new
 * bundle, or through tsx.
 */
async function loadCommand(name) {
  const entry = path.join(__dirname, name);
  if (process.env.RNN_COURSE_CLI_CACHE === "off") return throughTsx(entry, "RNN_COURSE_CLI_CACHE=off");
  const bundleFile = path.join(CACHE_DIR, name.replace(/\.ts$/, ".js"));
  let cached = "";
  try {
    cached = fs.readFileSync(bundleFile, "utf8");
  } catch {
    /* not built yet */
  }
  if (isFresh(cached)) {
    trace(`${name} from the cached bundle`);
    return compile(cached, bundleFile);
  }
  if (!canWrite(CACHE_DIR)) return throughTsx(entry, `cannot write ${path.relative(ROOT, CACHE_DIR)}`);
  let built;
  try {
    built = await build(entry, bundleFile);
  } catch (e) {
    const why = e && e.code === "MODULE_NOT_FOUND" ? "esbuild is not installed" : "esbuild could not bundle it";
    process.stderr.write(`rnn-course: ${why}; loading ${name} through tsx\n`);
    return throughTsx(entry, why);
  }
  // Not kept (the next start builds again) when a file changed lately or the write fails.
  const kept = built.keep && writeAtomically(bundleFile, built.code);
  trace(`${name} from a new bundle${kept ? "" : " (not kept)"}`);
  return compile(built.code, bundleFile);
}

module.exports = { loadCommand };
