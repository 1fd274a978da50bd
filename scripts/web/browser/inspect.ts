/**
 * @file Formats values as Node's util.inspect does in the essentials (what tslab prints for a
 * cell's last expression and for console.log), so a browser run prints what the notebook prints:
 * `[ 1, 2 ]`, `{ a: 'x' }`, `Float64Array(2) [ 1, 2 ]`, nesting beyond depth 2 as `[Object]`,
 * long lines broken with two-space indentation.
 */
const BREAK = 80;

function quote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")
    .replace(new RegExp(q, "g"), "\\" + q);
  return q + body + q;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}

function number(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

function wrap(open: string, items: string[], close: string, indent: number, numeric: boolean): string {
  if (items.length === 0) return `${open}${close}`.replace("  ", " ");
  const single = `${open} ${items.join(", ")} ${close}`;
  if (single.length + indent <= BREAK && !single.includes("\n")) return single;
  const pad = " ".repeat(indent + 2);
  if (numeric && items.length > 6) {
    // Node groups short items into aligned columns; here: as many per line as fit.
    const width = Math.max(...items.map((s) => s.length)) + 2;
    const perLine = Math.max(1, Math.min(16, Math.floor((BREAK - indent - 2) / width)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine)
      lines.push(
        pad +
          items
            .slice(i, i + perLine)
            .map((s, j, row) => (j < row.length - 1 || i + perLine < items.length ? s + "," : s).padEnd(width - 1))
            .join(" ")
            .trimEnd(),
      );
    return `${open}\n${lines.join("\n")}\n${" ".repeat(indent)}${close}`;
  }
  return `${open}\n${items.map((s) => pad + s).join(",\n")}\n${" ".repeat(indent)}${close}`;
}

function format(v: unknown, depth: number, indent: number, seen: Set<unknown>): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "undefined":
      return "undefined";
    case "number":
      return number(v);
    case "bigint":
      return `${v}n`;
    case "boolean":
      return String(v);
    case "string":
      return quote(v);
    case "symbol":
      return v.toString();
    case "function": {
      const name = (v as { name?: string }).name;
      if (/^class\b/.test(Function.prototype.toString.call(v))) return `[class ${name || "(anonymous)"}]`;
      return name ? `[Function: ${name}]` : "[Function (anonymous)]";
    }
  }
  const obj = v as object;
  if (seen.has(obj)) return "[Circular *1]";
  if (obj instanceof Error) return obj.stack || `${obj.name}: ${obj.message}`;
  if (obj instanceof Date) return isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (obj instanceof Promise) return "Promise { <pending> }";
  seen.add(obj);
  try {
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const arr = obj as unknown as ArrayLike<number> & { constructor: { name: string } };
      const items: string[] = [];
      const n = Math.min(arr.length, 100);
      for (let i = 0; i < n; i++) items.push(number(arr[i]));
      if (arr.length > n) items.push(`... ${arr.length - n} more item${arr.length - n > 1 ? "s" : ""}`);
      return wrap(`${arr.constructor.name}(${arr.length}) [`, items, "]", indent, true);
    }
    if (Array.isArray(obj)) {
      if (depth < 0) return "[Array]";
      const items: string[] = [];
      const n = Math.min(obj.length, 100);
      for (let i = 0; i < n; i++) items.push(i in obj ? format(obj[i], depth - 1, indent + 2, seen) : "<empty>");
      if (obj.length > n) items.push(`... ${obj.length - n} more item${obj.length - n > 1 ? "s" : ""}`);
      const numeric = obj.every((x) => typeof x === "number" || typeof x === "string" || typeof x === "boolean");
      return wrap("[", items, "]", indent, numeric);
    }
    if (obj instanceof Map) {
      if (depth < 0) return "[Map]";
      const items = [...obj].map(
        ([k, x]) => `${format(k, depth - 1, indent + 2, seen)} => ${format(x, depth - 1, indent + 2, seen)}`,
      );
      return wrap(`Map(${obj.size}) {`, items, "}", indent, false);
    }
    if (obj instanceof Set) {
      if (depth < 0) return "[Set]";
      return wrap(
        `Set(${obj.size}) {`,
        [...obj].map((x) => format(x, depth - 1, indent + 2, seen)),
        "}",
        indent,
        false,
      );
    }
    const proto = Object.getPrototypeOf(obj);
    const ctor = proto === null ? "[Object: null prototype]" : proto.constructor?.name;
    const prefix = ctor && ctor !== "Object" ? `${ctor} ` : "";
    if (depth < 0) return `[${ctor || "Object"}]`;
    const items = Object.keys(obj).map(
      (k) => `${key(k)}: ${format((obj as Record<string, unknown>)[k], depth - 1, indent + 2, seen)}`,
    );
    return wrap(`${prefix}{`, items, "}", indent, false);
  } finally {
    seen.delete(obj);
  }
}

/** util.inspect(value) with Node's defaults (depth 2). */
export function inspect(value: unknown): string {
  return format(value, 2, 0, new Set());
}

/** What console.log prints for its arguments: strings as they are, other values inspected. */
export function formatLog(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}
