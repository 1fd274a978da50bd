import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadTpsa, tokenizeSmiles } from "../../src/index";
import { TPSA_SYSTEM_PATH, parseTpsaCsv, tpsaBundledPath } from "../../src/data/tpsa";

describe("data: TPSA molecules", () => {
  it("bundled subset: 2000 molecules, header comment skipped, every SMILES tokenises", () => {
    const data = loadTpsa();
    assert.equal(data.source, "bundled");
    assert.equal(data.path, tpsaBundledPath());
    assert.equal(data.records.length, 2000);
    assert.equal(data.records[0].line, 2);
    for (const r of data.records) {
      assert.ok(r.tpsa >= 0 && Number.isFinite(r.tpsa), `TPSA ${r.tpsa} on line ${r.line}`);
      assert.equal(tokenizeSmiles(r.smiles).join(""), r.smiles);
    }
  });

  it("the bundled file is found from another working directory", () => {
    const cwd = process.cwd();
    try {
      process.chdir(os.tmpdir());
      assert.equal(loadTpsa().records.length, 2000);
    } finally {
      process.chdir(cwd);
    }
  });

  it("parses the format and reports malformed lines with file, line number and content", () => {
    const recs = parseTpsaCsv("# comment\nCCO,20.23\n\nc1ccccc1,0\n", "x.csv");
    assert.deepEqual(recs, [
      { smiles: "CCO", tpsa: 20.23, line: 2 },
      { smiles: "c1ccccc1", tpsa: 0, line: 4 },
    ]);
    assert.throws(() => parseTpsaCsv("CCO,20.23\nCCN;12\n", "x.csv"), /x\.csv, line 2: "CCN;12"/);
    assert.throws(
      () => parseTpsaCsv("CCO,abc\n", "x.csv"),
      /TPSA "abc" is not a non-negative number in x\.csv, line 1/,
    );
    assert.throws(() => parseTpsaCsv("CCO,1,2\n", "x.csv"), /expected 2 fields/);
    assert.throws(() => parseTpsaCsv("# only a comment\n", "x.csv"), /holds no molecules/);
  });

  it("system source: the bundled file is the first 2000 of its 4999 molecules; without rdkit-data, says how to install it", () => {
    if (fs.existsSync(TPSA_SYSTEM_PATH)) {
      const full = loadTpsa({ source: "system" });
      assert.equal(full.records.length, 4999);
      assert.deepEqual(loadTpsa().records, full.records.slice(0, 2000));
      for (const r of full.records) assert.equal(tokenizeSmiles(r.smiles).join(""), r.smiles);
    } else {
      assert.throws(
        () => loadTpsa({ source: "system" }),
        /not found; it comes with Debian's rdkit-data package: run `sudo apt-get install rdkit-data`/,
      );
    }
  });

  it("a missing file says how to get it", () => {
    const missing = path.join(os.tmpdir(), "no-such-dir-tpsa", "first_5k.tpsa.csv");
    assert.throws(() => loadTpsa({ path: missing }), /not found; check the path/);
    assert.throws(() => loadTpsa({ source: "other" as never }), /source must be "bundled" or "system"/);
  });

  it("reads a file given by path (same format as the system file)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpsa-"));
    const file = path.join(dir, "t.csv");
    fs.writeFileSync(file, "# c\nCC(=O)O,37.3\n");
    try {
      const d = loadTpsa({ source: "system", path: file });
      assert.equal(d.source, "system");
      assert.deepEqual(
        d.records.map((r) => r.smiles),
        ["CC(=O)O"],
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
