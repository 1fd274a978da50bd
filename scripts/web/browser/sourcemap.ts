/**
 * @file Maps generated positions of a bundle back to its TypeScript sources with the bundle's
 * source map (version 3), for error stacks that name the library's own files and lines.
 */
interface RawMap {
  sources: string[];
  mappings: string;
}

/** One mapped position. */
export interface Original {
  source: string;
  line: number;
  column: number;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A decoded source map: per generated line, segments [column, source, line, column]. */
export class SourceMap {
  private readonly lines: number[][][] = [];

  constructor(private readonly raw: RawMap) {
    let source = 0;
    let line = 0;
    let column = 0;
    for (const text of raw.mappings.split(";")) {
      const segments: number[][] = [];
      let generated = 0;
      if (text !== "") {
        for (const seg of text.split(",")) {
          const values: number[] = [];
          let shift = 0;
          let value = 0;
          for (const ch of seg) {
            const digit = B64.indexOf(ch);
            value += (digit & 31) << shift;
            if (digit & 32) shift += 5;
            else {
              values.push(value & 1 ? -(value >>> 1) : value >>> 1);
              shift = 0;
              value = 0;
            }
          }
          generated += values[0];
          if (values.length >= 4) {
            source += values[1];
            line += values[2];
            column += values[3];
            segments.push([generated, source, line, column]);
          }
        }
      }
      this.lines.push(segments);
    }
  }

  /** The original position of a generated one (1-based line, 1-based column), or null. */
  lookup(line: number, column: number): Original | null {
    const segments = this.lines[line - 1];
    if (!segments || segments.length === 0) return null;
    let best: number[] | null = null;
    for (const s of segments) {
      if (s[0] <= column - 1) best = s;
      else break;
    }
    if (!best) best = segments[0];
    return { source: this.raw.sources[best[1]], line: best[2] + 1, column: best[3] + 1 };
  }
}
