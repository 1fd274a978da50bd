import { strict as assert } from "node:assert";
import { padBatch, tokenizeSmiles } from "../../src/index";

describe("data: SMILES tokens", () => {
  it("keeps Cl and Br whole and splits C, B, l-free atoms one by one", () => {
    assert.deepEqual(tokenizeSmiles("ClCCBr"), ["Cl", "C", "C", "Br"]);
    assert.deepEqual(tokenizeSmiles("BC"), ["B", "C"]);
    assert.deepEqual(tokenizeSmiles("CCO"), ["C", "C", "O"]);
  });

  it("keeps bracket atoms whole, with charges, hydrogens and chirality", () => {
    assert.deepEqual(tokenizeSmiles("[O-][N+](=O)c1cc[nH]c1"), [
      "[O-]",
      "[N+]",
      "(",
      "=",
      "O",
      ")",
      "c",
      "1",
      "c",
      "c",
      "[nH]",
      "c",
      "1",
    ]);
    assert.deepEqual(tokenizeSmiles("N[C@@H](C)C(=O)O"), ["N", "[C@@H]", "(", "C", ")", "C", "(", "=", "O", ")", "O"]);
    assert.deepEqual(tokenizeSmiles("[Fe++].[Cl-]"), ["[Fe++]", ".", "[Cl-]"]);
  });

  it("reads bonds and two-digit ring closures", () => {
    assert.deepEqual(tokenizeSmiles("C#N"), ["C", "#", "N"]);
    assert.deepEqual(tokenizeSmiles("F/C=C\\F"), ["F", "/", "C", "=", "C", "\\", "F"]);
    assert.deepEqual(tokenizeSmiles("C%10CC%10"), ["C", "%10", "C", "C", "%10"]);
  });

  it("joins back to the original string", () => {
    for (const s of [
      "OC1=C(Cl)C=C(C=C1[N+]([O-])=O)[N+]([O-])=O",
      "C12C3=C4C5=C1[Fe]23456789C%10C6=C7C8=C9%10",
      "BrC(Br)Br",
    ]) {
      assert.equal(tokenizeSmiles(s).join(""), s);
    }
  });

  it("rejects malformed strings, naming the position", () => {
    assert.throws(() => tokenizeSmiles("CC[N+"), /unclosed "\[" at position 2/);
    assert.throws(() => tokenizeSmiles("CxC"), /unexpected character "x" at position 1/);
    assert.throws(() => tokenizeSmiles("C%1C"), /"%" at position 1 must be followed by two digits/);
    assert.throws(() => tokenizeSmiles("C[]C"), /empty bracket atom/);
    assert.throws(() => tokenizeSmiles("C l"), /unexpected character " " at position 1/);
  });
});

describe("data: padding", () => {
  it("pads to the longest sequence with lengths and a mask", () => {
    const b = padBatch([[5, 6, 7], [8], [9, 9]]);
    assert.deepEqual(b.shape, [3, 3]);
    assert.deepEqual(Array.from(b.ids), [5, 6, 7, 8, 0, 0, 9, 9, 0]);
    assert.deepEqual(b.lengths, [3, 1, 2]);
    assert.deepEqual(Array.from(b.mask), [1, 1, 1, 1, 0, 0, 1, 1, 0]);
  });

  it("pads to a requested length and rejects empty sequences or too short lengths", () => {
    const b = padBatch([[4, 4]], 4);
    assert.deepEqual(Array.from(b.ids), [4, 4, 0, 0]);
    assert.throws(() => padBatch([[1], []]), /sequence 1 is empty/);
    assert.throws(() => padBatch([[1, 2, 3]], 2), /shorter than the longest sequence \(3\)/);
    assert.throws(() => padBatch([]), /no sequences/);
  });
});
