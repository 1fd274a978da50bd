/**
 * @file The live book's one link to the grading code at build time: builds the student edition
 * (`release`, as `npm run release` does: hidden cases removed, reference outputs recorded from the
 * solutions as fixtures, checked to contain no solution code) and ships, per exercise, its grader spec
 * bundled for the browser and its fixture. Nothing of solutions/ reaches the site.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { release } from "../../grader/engine/release";

/** Writes assets/selfcheck/<name>.spec.js and <name>.fixture.json for every exercise; returns the names. */
/**
 * `browser`: what makes library code bundle for the browser (the Node-only modules' browser versions
 * and the `__dirname` plugin), since specs such as additive-attention or tbptt run the course library.
 */
export async function buildSelfCheck(
  assets: string,
  tmp: string,
  log: (line: string) => void,
  browser: { alias: Record<string, string>; plugins: esbuild.Plugin[] },
): Promise<string[]> {
  const edition = path.join(tmp, "edition");
  const summary = await release({ outDir: edition, force: true, log: () => undefined });
  const out = path.join(assets, "selfcheck");
  fs.mkdirSync(out, { recursive: true });
  const specs = path.join(edition, "grader", "specs");
  for (const name of summary.exercises) {
    await esbuild.build({
      entryPoints: [path.join(specs, `${name}.grader.ts`)],
      outfile: path.join(out, `${name}.spec.js`),
      bundle: true,
      format: "iife",
      globalName: "__rnnSpec",
      platform: "browser",
      target: "es2022",
      minify: true,
      legalComments: "none",
      logLevel: "warning",
      alias: browser.alias,
      plugins: browser.plugins,
    });
    fs.copyFileSync(path.join(specs, "fixtures", `${name}.json`), path.join(out, `${name}.fixture.json`));
  }
  fs.writeFileSync(path.join(out, "index.json"), JSON.stringify(summary.exercises));
  log(`self-check: ${summary.exercises.length} exercises, ${summary.visibleCases} visible cases (hidden left out)`);
  return summary.exercises;
}
