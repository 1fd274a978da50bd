/**
 * Molecules with their topological polar surface area (TPSA), from RDKit's NCI data set: SMILES
 * strings of the first compounds of the NCI database (4999 in RDKit's first_5k.tpsa.csv), with TPSA
 * "calculated using Daylight tools and Ertl's contrib program tpsa.c" (the file's own header).
 * RDKit, BSD-3-Clause.
 *
 * Two sources, chosen explicitly (the default never depends on what is installed, so a notebook
 * gives the same numbers on every machine):
 * - "bundled" (default): data/nci-tpsa/first_2k.tpsa.csv in this repository, the header and the
 *   first 2000 molecules of RDKit's file, unchanged (see data/nci-tpsa/README.md);
 * - "system": all 4999 molecules from Debian's rdkit-data package,
 *   /usr/share/RDKit/Data/NCI/first_5k.tpsa.csv (`sudo apt-get install rdkit-data`).
 *
 * File format: lines starting with "#" are comments; every other non-empty line is `SMILES,TPSA`.
 */
import * as fs from "fs";
import * as path from "path";
import { repositoryPath } from "./repository-path";

/** One molecule. */
export interface TpsaRecord {
  /** SMILES string as written in the file. */
  readonly smiles: string;
  /** Topological polar surface area in Å². */
  readonly tpsa: number;
  /** 1-based line number in the source file (for tracing a molecule back). */
  readonly line: number;
}

/** Where the molecules came from. */
export type TpsaSource = "bundled" | "system";

/** Loaded molecules and their origin. */
export interface TpsaData {
  readonly records: TpsaRecord[];
  readonly source: TpsaSource;
  /** Absolute path of the file read. */
  readonly path: string;
}

/** The full 4999-molecule file of Debian's rdkit-data package. */
export const TPSA_SYSTEM_PATH = "/usr/share/RDKit/Data/NCI/first_5k.tpsa.csv";

/** Path of the subset bundled with the repository, data/nci-tpsa/first_2k.tpsa.csv. */
export function tpsaBundledPath(): string {
  return repositoryPath("data", "nci-tpsa", "first_2k.tpsa.csv");
}

/**
 * Parses the text of a TPSA file. `file` only names the file in error messages; a malformed line
 * is reported with its line number and content.
 */
export function parseTpsaCsv(text: string, file: string): TpsaRecord[] {
  const records: TpsaRecord[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `${file}, line ${i + 1}: "${raw}"`;
    const fields = line.split(",");
    if (fields.length !== 2)
      throw new Error(`parseTpsaCsv: expected 2 fields (SMILES,TPSA) but found ${fields.length} in ${where}`);
    const smiles = fields[0].trim();
    if (smiles === "" || /\s/.test(smiles))
      throw new Error(`parseTpsaCsv: empty or blank-containing SMILES in ${where}`);
    const valueText = fields[1].trim();
    const tpsa = Number(valueText);
    if (valueText === "" || !Number.isFinite(tpsa) || tpsa < 0)
      throw new Error(`parseTpsaCsv: TPSA "${valueText}" is not a non-negative number in ${where}`);
    records.push({ smiles, tpsa, line: i + 1 });
  });
  if (records.length === 0) throw new Error(`parseTpsaCsv: ${file} holds no molecules`);
  return records;
}

/**
 * Loads the molecules: `loadTpsa()` reads the bundled 2000-molecule subset, `loadTpsa({ source:
 * "system" })` the full 4999-molecule file of rdkit-data; `path` reads any file of the same format.
 */
export function loadTpsa(options: { source?: TpsaSource; path?: string } = {}): TpsaData {
  const source = options.source ?? "bundled";
  if (source !== "bundled" && source !== "system")
    throw new Error(`loadTpsa: source must be "bundled" or "system", got "${String(source)}"`);
  const file = path.resolve(options.path ?? (source === "system" ? TPSA_SYSTEM_PATH : tpsaBundledPath()));
  if (!fs.existsSync(file)) {
    const hint =
      options.path !== undefined
        ? "check the path"
        : source === "system"
          ? "it comes with Debian's rdkit-data package: run `sudo apt-get install rdkit-data`, or use the bundled subset with loadTpsa()"
          : "it is part of the repository: restore it with `git checkout -- data/nci-tpsa`";
    throw new Error(`loadTpsa: file ${file} not found; ${hint}`);
  }
  return { records: parseTpsaCsv(fs.readFileSync(file, "utf8"), file), source, path: file };
}
