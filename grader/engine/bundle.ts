/**
 * Bundling with esbuild, in the trusted parent.
 *
 * A grading child gets the supervisor (./harness.ts, bundled once per process) and one
 * JavaScript file per exercise ("unit"): the grader spec, the learner's module and the course
 * library it imports, transpiled and bundled together. So the child needs read access to nothing
 * but its staging folder, and the reference solutions are never in it. A learner's file may import only the
 * course library (`../src/...`), other exercise files of the same submission, and Node built-ins (which the
 * sandbox then restricts); anything else,
 * including `solutions/`, packages, or a `node_modules`/`tsconfig.json` shipped in the submission,
 * is refused with a clear message. tsconfig.json files are never read (fixed `tsconfigRaw`).
 *
 * Stack traces stay readable: each unit comes with a source map whose sources are neutral
 * project-relative paths (`exercises/rnn-step.ts`, `src/tensor.ts`), applied by the supervisor.
 */
import * as esbuild from "esbuild";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { PROJECT_ROOT } from "./project-root";

/** Largest learner file accepted (bytes). */
export const MAX_SOURCE_BYTES = 1_000_000;

const MODULE_SPECIFIER = "rnn-grading:module";
const LEARNER_NS = "learner";
const BUILTINS = new Set(builtinModules);

/** A problem in the bundled code: `learner` says whether the learner's code is at fault. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly learner: boolean,
  ) {
    super(message);
    this.name = "BundleError";
  }
}

/** True when `file` is `dir` or inside it. */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Reads a learner's source file defensively: it must be a regular file (no FIFO, device or
 * symlink to somewhere else), inside `allowedDir` once symlinks are resolved, and not huge.
 */
export function readLearnerSource(file: string, allowedDir: string): string {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    throw new BundleError(`cannot read ${path.basename(file)}`, true);
  }
  let realDir: string;
  try {
    realDir = fs.realpathSync(allowedDir);
  } catch {
    realDir = allowedDir;
  }
  if (!isInside(real, realDir)) {
    throw new BundleError(
      `${path.basename(file)} is a link to a file outside the submission, which is not accepted`,
      true,
    );
  }
  const st = fs.statSync(real);
  if (!st.isFile()) throw new BundleError(`${path.basename(file)} is not a regular file`, true);
  if (st.size > MAX_SOURCE_BYTES) {
    throw new BundleError(
      `${path.basename(file)} is ${st.size} bytes, more than the ${MAX_SOURCE_BYTES} accepted`,
      true,
    );
  }
  return fs.readFileSync(real, "utf8");
}

/** What goes into a child bundle. */
export interface ChildBundleRequest {
  /** Project root: `../src` imports of the module resolve as if the module were in `moduleBase`. */
  root: string;
  /** The grader spec (absolute path). */
  specFile: string;
  /** The learner's or the reference's module (absolute path). */
  moduleFile: string;
  /** Folder inside the project where the module "lives" for import resolution (e.g. root/exercises). */
  moduleBase: string;
  /** Folder holding the module and its sibling modules (the submission folder). */
  moduleDir: string;
  /** Folders no bundled file may come from (e.g. the solutions when bundling learner code). */
  forbiddenDirs: string[];
  /** May the module import the course library (`src/`)? Default true (see ExerciseSpec.library). */
  allowLibrary?: boolean;
}

/** A built bundle. */
export interface Bundle {
  /** The JavaScript. */
  code: string;
  /** Its source map (JSON), sources named by neutral project-relative paths. */
  map: string;
  /** Absolute paths of the files from disk that went into it. */
  inputs: string[];
}

const TSCONFIG: esbuild.TsconfigRaw = {
  compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false, experimentalDecorators: false },
};

function baseOptions(root: string): esbuild.BuildOptions {
  return {
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    legalComments: "none",
    charset: "utf8",
    sourcemap: "external",
    sourcesContent: false,
    metafile: true,
    absWorkingDir: root,
    outfile: path.join(root, ".grading-bundle", "run.js"),
    tsconfigRaw: TSCONFIG,
    // Do not let a package.json "browser"/"module" field or conditions change what is bundled.
    mainFields: ["main"],
    conditions: [],
  };
}

function forbidPlugin(forbiddenDirs: string[], root: string): esbuild.Plugin {
  return {
    name: "rnn-grading-forbid",
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        if (args.namespace !== "file") return undefined;
        if (forbiddenDirs.some((d) => isInside(args.path, d))) {
          return {
            errors: [
              {
                text: `${path.relative(root, args.path)} may not be bundled for grading (reference solutions never enter the sandbox)`,
              },
            ],
          };
        }
        return undefined;
      });
    },
  };
}

function learnerPlugin(req: ChildBundleRequest): esbuild.Plugin {
  const srcDir = path.join(req.root, "src");
  const label = (file: string) =>
    `${path.relative(req.root, req.moduleBase).split(path.sep).join("/")}/${path.basename(file)}`;
  const refuse = (spec: string) => ({
    errors: [
      {
        text:
          `import "${spec}" is not allowed: an exercise may import the course library ` +
          `(../src), other exercise files and Node built-ins only`,
      },
    ],
  });
  return {
    name: "rnn-grading-learner",
    setup(build) {
      build.onResolve({ filter: /^rnn-grading:module$/ }, () => ({
        path: label(req.moduleFile),
        namespace: LEARNER_NS,
        pluginData: { file: req.moduleFile },
      }));
      build.onResolve({ filter: /.*/, namespace: LEARNER_NS }, async (args) => {
        const spec = args.path;
        const bare = spec.startsWith("node:") ? spec.slice(5) : spec;
        if (spec.startsWith("node:") || BUILTINS.has(bare)) return { path: spec, external: true };
        if (!spec.startsWith(".") && !path.isAbsolute(spec)) return refuse(spec);
        const target = path.resolve(req.moduleBase, spec);
        if (isInside(target, srcDir)) {
          if (req.allowLibrary === false) {
            return {
              errors: [
                {
                  text:
                    `import "${spec}" is not allowed in this exercise: write it with plain arrays, ` +
                    `without the course library (src/) / 本练习须用普通数组手写，不能导入课程库`,
                },
              ],
            };
          }
          const r = await build.resolve(spec, {
            resolveDir: req.moduleBase,
            kind: args.kind,
            pluginData: { inner: true },
          });
          if (r.errors.length > 0) return { errors: r.errors };
          if (!isInside(r.path, srcDir)) return refuse(spec);
          return { path: r.path };
        }
        if (path.dirname(target) === req.moduleBase) {
          const stem = path.basename(target).replace(/\.(ts|js)$/, "");
          const file = path.join(req.moduleDir, `${stem}.ts`);
          if (!/^[A-Za-z0-9_-]+$/.test(stem) || !fs.existsSync(file)) {
            return { errors: [{ text: `cannot find the exercise file ${stem}.ts imported as "${spec}"` }] };
          }
          return { path: label(file), namespace: LEARNER_NS, pluginData: { file } };
        }
        return refuse(spec);
      });
      build.onLoad({ filter: /.*/, namespace: LEARNER_NS }, (args) => {
        const file = (args.pluginData as { file: string }).file;
        try {
          return { contents: readLearnerSource(file, req.moduleDir), loader: "ts", resolveDir: req.moduleBase };
        } catch (e) {
          // No location in the learner's file exists yet: mark the error as the learner's.
          return { errors: [{ text: e instanceof Error ? e.message : String(e), detail: LEARNER_NS }] };
        }
      });
    },
  };
}

function neutralSources(map: { sources: string[] }, root: string, outDir: string): void {
  map.sources = map.sources.map((s) => {
    if (s.startsWith(`${LEARNER_NS}:`)) return s.slice(LEARNER_NS.length + 1);
    const abs = path.resolve(outDir, s);
    if (isInside(abs, root)) return path.relative(root, abs).split(path.sep).join("/");
    return `grader/${path.basename(abs)}`;
  });
}

function formatErrors(errors: esbuild.Message[]): string {
  return errors
    .slice(0, 5)
    .map((m) => {
      const loc = m.location;
      if (!loc) return `error: ${m.text}`;
      const file = loc.file.replace(/^learner:/, "");
      if (file === "grading-entry.ts") return `error: ${m.text}`;
      const where = `${file}:${loc.line}:${loc.column + 1}`;
      return `${where}: error: ${m.text}${loc.lineText ? `\n    ${loc.line} | ${loc.lineText}` : ""}`;
    })
    .join("\n");
}

function isLearnerError(errors: esbuild.Message[]): boolean {
  return errors.some(
    (m) =>
      m.detail === LEARNER_NS ||
      m.location?.namespace === LEARNER_NS ||
      (m.location?.file ?? "").startsWith(`${LEARNER_NS}:`),
  );
}

function outputs(result: esbuild.BuildResult, root: string, options: esbuild.BuildOptions): Bundle {
  const outfile = options.outfile as string;
  const files = result.outputFiles ?? [];
  const js = files.find((f) => f.path.endsWith(".js"));
  const mapFile = files.find((f) => f.path.endsWith(".js.map"));
  if (!js || (!mapFile && options.sourcemap !== false)) throw new BundleError("esbuild produced no output", false);
  const map = mapFile ? (JSON.parse(mapFile.text) as { sources: string[] }) : { sources: [] };
  neutralSources(map, root, path.dirname(outfile));
  const code = js.text.replace(/\/\/# sourceMappingURL=.*\s*$/, "");
  const inputs = Object.keys(result.metafile?.inputs ?? {})
    .filter((k) => !k.includes(":"))
    .map((k) => path.resolve(root, k));
  return { code, map: JSON.stringify(map), inputs };
}

async function build(options: esbuild.BuildOptions, root: string): Promise<Bundle> {
  try {
    const result = await esbuild.build(options);
    return outputs(result, root, options);
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      throw new BundleError(formatErrors(errors), isLearnerError(errors));
    }
    throw e;
  }
}

/**
 * Bundles one unit for a grading child: the grader spec and the module (loaded lazily by the
 * supervisor, through `load()`). Throws BundleError on compile and import errors.
 */
export async function bundleForChild(req: ChildBundleRequest): Promise<Bundle> {
  const entry = [
    `import spec from ${JSON.stringify(req.specFile)};`,
    "export { spec };",
    `export function load(): unknown { return require(${JSON.stringify(MODULE_SPECIFIER)}); }`,
  ].join("\n");
  const options: esbuild.BuildOptions = {
    ...baseOptions(req.root),
    stdin: { contents: entry, resolveDir: req.root, sourcefile: "grading-entry.ts", loader: "ts" },
    plugins: [learnerPlugin(req), forbidPlugin(req.forbiddenDirs, req.root)],
  };
  return build(options, req.root);
}

let supervisor: Promise<string> | null = null;

/** The supervisor of grading children (./harness.ts), bundled once per process. */
export function supervisorBundle(): Promise<string> {
  if (supervisor === null) {
    const root = PROJECT_ROOT;
    const harness = path.join(root, "grader", "engine", "harness.ts");
    supervisor = build(
      {
        ...baseOptions(root),
        sourcemap: false,
        metafile: false,
        stdin: {
          contents: `import { runSupervisor } from ${JSON.stringify(harness)};\nvoid runSupervisor();\n`,
          resolveDir: root,
          sourcefile: "grading-supervisor.ts",
          loader: "ts",
        },
      },
      root,
    ).then((b) => b.code);
    supervisor.catch(() => (supervisor = null));
  }
  return supervisor;
}

/** Bundles a grader spec alone (for loading it in the trusted parent). */
export async function bundleSpec(specFile: string, root: string, forbiddenDirs: string[]): Promise<Bundle> {
  const options: esbuild.BuildOptions = {
    ...baseOptions(root),
    entryPoints: [specFile],
    plugins: [forbidPlugin(forbiddenDirs, root)],
  };
  return build(options, root);
}
