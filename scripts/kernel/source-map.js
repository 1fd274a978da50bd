"use strict";
/**
 * @file The little of source maps (version 3) the kernel needs to report errors at TypeScript
 * lines: decode and encode the `mappings` string, compose two maps, look a position up, and read or
 * write an inline `//# sourceMappingURL=data:...` comment. Positions are 0-based lines and columns.
 *
 * tslab compiles in two passes (TypeScript to an ES module, then ES module to CommonJS with
 * `ts.transpileModule`), so the map of the code that runs is the composition of both passes' maps.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Map([...BASE64].map((ch, i) => [ch, i]));

/** Matches an inline source map comment (base64 JSON) anywhere in generated code. */
const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)[ \t]*/;

/**
 * Decodes a `mappings` string into one array per generated line of segments
 * `[generatedColumn, sourceIndex, sourceLine, sourceColumn]` (segments without a source are dropped).
 * @param {string} mappings
 * @returns {number[][][]}
 */
function decodeMappings(mappings) {
  const lines = [];
  let sourceIndex = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(",")) {
      if (segmentText === "") {
        continue;
      }
      const fields = decodeVlqs(segmentText);
      generatedColumn += fields[0];
      if (fields.length >= 4) {
        sourceIndex += fields[1];
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([generatedColumn, sourceIndex, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlqs(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = BASE64_VALUE.get(ch);
    if (digit === undefined) {
      throw new Error(`decodeMappings: invalid base64 character ${JSON.stringify(ch)} in segment ${text}`);
    }
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeVlq(value) {
  let vlq = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = vlq & 31;
    vlq >>>= 5;
    if (vlq > 0) {
      digit |= 32;
    }
    out += BASE64[digit];
  } while (vlq > 0);
  return out;
}

/**
 * Encodes segments as produced by decodeMappings back into a `mappings` string.
 * @param {number[][][]} lines
 */
function encodeMappings(lines) {
  let sourceIndex = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  return lines
    .map((segments) => {
      let generatedColumn = 0;
      return segments
        .map(([column, index, line, col]) => {
          const text =
            encodeVlq(column - generatedColumn) +
            encodeVlq(index - sourceIndex) +
            encodeVlq(line - sourceLine) +
            encodeVlq(col - sourceColumn);
          generatedColumn = column;
          sourceIndex = index;
          sourceLine = line;
          sourceColumn = col;
          return text;
        })
        .join(",");
    })
    .join(";");
}

/**
 * The source position of a generated position: the last segment of that line starting at or before
 * the column, else the line's first segment. Null when the line has no mapping.
 * @param {{lines: number[][][], sources: string[]}} map a decoded map (see decodeMap)
 * @param {number} line 0-based generated line
 * @param {number} column 0-based generated column
 * @returns {{source: string, sourceIndex: number, line: number, column: number} | null}
 */
function originalPosition(map, line, column) {
  const segments = map.lines[line];
  if (!segments || segments.length === 0) {
    return null;
  }
  let found = segments[0];
  for (const segment of segments) {
    if (segment[0] <= column) {
      found = segment;
    } else {
      break;
    }
  }
  return { source: map.sources[found[1]], sourceIndex: found[1], line: found[2], column: found[3] };
}

/** Parses a version 3 source map (JSON text or object) into {sources, lines}. */
function decodeMap(map) {
  const raw = typeof map === "string" ? JSON.parse(map) : map;
  return { sources: raw.sources || [], lines: decodeMappings(raw.mappings || "") };
}

/**
 * Composes `outer` (generated code -> intermediate code) with `inner` (intermediate -> original):
 * the result maps generated code straight to the original.
 * @param {{sources: string[], lines: number[][][]}} outer
 * @param {{sources: string[], lines: number[][][]}} inner
 */
function composeMaps(outer, inner) {
  const lines = outer.lines.map((segments) => {
    const composed = [];
    for (const [column, , line, col] of segments) {
      const original = originalPosition(inner, line, col);
      if (original) {
        composed.push([column, original.sourceIndex, original.line, original.column]);
      }
    }
    return composed;
  });
  return { sources: inner.sources, lines };
}

/**
 * Splits generated code into the code without its inline map comment and the decoded map (or null).
 * @param {string} code
 */
function extractInlineMap(code) {
  const match = INLINE_MAP.exec(code);
  if (!match) {
    return { code, map: null };
  }
  const json = Buffer.from(match[1], "base64").toString("utf8");
  return { code: code.slice(0, match.index) + code.slice(match.index + match[0].length), map: decodeMap(json) };
}

/** The inline comment carrying a decoded map. */
function inlineMapComment(map) {
  const json = JSON.stringify({ version: 3, sources: map.sources, names: [], mappings: encodeMappings(map.lines) });
  return `//# sourceMappingURL=data:application/json;base64,${Buffer.from(json, "utf8").toString("base64")}`;
}

module.exports = {
  decodeMappings,
  encodeMappings,
  decodeMap,
  originalPosition,
  composeMaps,
  extractInlineMap,
  inlineMapComment,
};
