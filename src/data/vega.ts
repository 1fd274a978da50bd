/**
 * Time series from the npm package vega-datasets (BSD-3-Clause; files in
 * node_modules/vega-datasets/data/), parsed with their dates:
 * - co2-concentration.csv: monthly mean CO₂ at Mauna Loa (ppm), March 1958 – April 2020;
 * - seattle-weather.csv: daily Seattle weather 2012–2015 (temperatures in °C, precipitation in mm);
 * - global-temp.csv: yearly global temperature anomaly (°C), 1880–2023;
 * - sp500-2000.csv: daily S&P 500 index prices (open, high, low, close), January 2000 – April 2020;
 * - stocks.csv: monthly prices of five stocks, 2000–2010.
 *
 * Dates are UTC midnight `Date`s. Both spellings used in the package are read: ISO "2012-01-31"
 * and "Jan 31 2000". A missing file says how to install the package; a malformed line names the
 * file, the line number and its content.
 */
import * as fs from "fs";
import * as path from "path";
import { repositoryPath } from "./repository-path";

/** The data folder of the vega-datasets package installed in the repository's node_modules. */
export function vegaDatasetsDir(): string {
  const dir = repositoryPath("node_modules", "vega-datasets", "data");
  if (fs.existsSync(path.join(dir, "co2-concentration.csv"))) return dir;
  throw new Error(
    `vegaDatasetsDir: the npm package vega-datasets is not installed (looked in ${dir}); run \`npm install\` in the repository root`,
  );
}

/** A parsed CSV file: header and rows of raw strings, with each row's 1-based line number. */
export interface CsvTable {
  /** File name used in error messages. */
  readonly file: string;
  readonly columns: string[];
  readonly rows: string[][];
  readonly lines: number[];
}

/**
 * Parses simple CSV text (comma-separated, first line a header, no quoted fields: the vega-datasets
 * files used here have none). Every row must have as many fields as the header.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const all = text.split(/\r?\n/);
  let first = 0;
  while (first < all.length && all[first].trim() === "") first++;
  if (first === all.length) throw new Error(`parseCsv: ${file} is empty`);
  const columns = all[first].split(",").map((c) => c.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = first + 1; i < all.length; i++) {
    const raw = all[i];
    if (raw.trim() === "") continue;
    if (raw.includes('"'))
      throw new Error(`parseCsv: quoted fields are not supported, in ${file}, line ${i + 1}: "${raw}"`);
    const fields = raw.split(",").map((f) => f.trim());
    if (fields.length !== columns.length) {
      throw new Error(
        `parseCsv: expected ${columns.length} fields (${columns.join(",")}) but found ${fields.length} in ${file}, line ${i + 1}: "${raw}"`,
      );
    }
    rows.push(fields);
    lines.push(i + 1);
  }
  return { file, columns, rows, lines };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Parses "YYYY-MM-DD" or "Mon D YYYY" (e.g. "Jan 1 2000") to a UTC Date; throws on anything else,
 * including impossible dates such as 2001-02-30. `where` names the place in error messages.
 */
export function parseDate(text: string, where = "parseDate"): Date {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const named = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(text);
  if (iso) {
    y = +iso[1];
    m = +iso[2] - 1;
    d = +iso[3];
  } else if (named && MONTHS.includes(named[1])) {
    y = +named[3];
    m = MONTHS.indexOf(named[1]);
    d = +named[2];
  } else {
    throw new Error(`parseDate: "${text}" is neither YYYY-MM-DD nor "Mon D YYYY" (${where})`);
  }
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m || date.getUTCDate() !== d)
    throw new Error(`parseDate: "${text}" is not a calendar date (${where})`);
  return date;
}

/** Reads one file of the package: `readVegaCsv("co2-concentration.csv")`. `dir` overrides the folder (tests). */
export function readVegaCsv(name: string, dir?: string): CsvTable {
  const folder = dir ?? vegaDatasetsDir();
  const file = path.join(folder, name);
  if (!fs.existsSync(file))
    throw new Error(`readVegaCsv: ${file} not found; is the vega-datasets package installed (\`npm install\`)?`);
  return parseCsv(fs.readFileSync(file, "utf8"), file);
}

/** Typed access to the fields of a CsvTable, with errors that point at the line. */
class Fields {
  private readonly index: Map<string, number>;
  constructor(
    private readonly table: CsvTable,
    required: readonly string[],
    private readonly op: string,
  ) {
    this.index = new Map(table.columns.map((c, i) => [c, i]));
    for (const c of required) {
      if (!this.index.has(c))
        throw new Error(`${op}: column "${c}" is missing in ${table.file} (columns: ${table.columns.join(", ")})`);
    }
  }
  private where(r: number): string {
    return `${this.table.file}, line ${this.table.lines[r]}: "${this.table.rows[r].join(",")}"`;
  }
  text(r: number, column: string): string {
    return this.table.rows[r][this.index.get(column) as number];
  }
  number(r: number, column: string): number {
    const t = this.text(r, column);
    const v = Number(t);
    if (t === "" || !Number.isFinite(v))
      throw new Error(`${this.op}: column "${column}" holds "${t}", not a number, in ${this.where(r)}`);
    return v;
  }
  date(r: number, column: string): Date {
    return parseDate(this.text(r, column), `${this.op}, ${this.where(r)}`);
  }
  /** Throws unless dates increase strictly (a time series with no duplicate or shuffled rows). */
  checkIncreasing(dates: readonly Date[], rowsOf: readonly number[]): void {
    for (let k = 1; k < dates.length; k++) {
      if (dates[k].getTime() <= dates[k - 1].getTime())
        throw new Error(
          `${this.op}: dates must increase, but ${this.where(rowsOf[k])} does not come after line ${this.table.lines[rowsOf[k - 1]]}`,
        );
    }
  }
}

function rowsOf(table: CsvTable): number[] {
  return table.rows.map((_, r) => r);
}

/** One month of the Mauna Loa CO₂ record. */
export interface Co2Month {
  readonly date: Date;
  /** Monthly mean CO₂ mole fraction, ppm. */
  readonly co2: number;
  /** Seasonally adjusted value, ppm (as published with the record). */
  readonly adjustedCo2: number;
}

/** Monthly Mauna Loa CO₂ (co2-concentration.csv), oldest first. */
export function loadCo2(dir?: string): Co2Month[] {
  const t = readVegaCsv("co2-concentration.csv", dir);
  const f = new Fields(t, ["Date", "CO2", "adjusted CO2"], "loadCo2");
  const out = rowsOf(t).map((r) => ({
    date: f.date(r, "Date"),
    co2: f.number(r, "CO2"),
    adjustedCo2: f.number(r, "adjusted CO2"),
  }));
  f.checkIncreasing(
    out.map((o) => o.date),
    rowsOf(t),
  );
  return out;
}

/** One day of Seattle weather. */
export interface SeattleDay {
  readonly date: Date;
  /** Precipitation, mm. */
  readonly precipitation: number;
  /** Daily maximum and minimum temperature, °C. */
  readonly tempMax: number;
  readonly tempMin: number;
  /** Mean wind speed, m/s. */
  readonly wind: number;
  /** A label: sun, rain, drizzle, fog or snow. */
  readonly weather: string;
}

/** Daily Seattle weather 2012–2015 (seattle-weather.csv), oldest first. */
export function loadSeattleWeather(dir?: string): SeattleDay[] {
  const t = readVegaCsv("seattle-weather.csv", dir);
  const f = new Fields(t, ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"], "loadSeattleWeather");
  const out = rowsOf(t).map((r) => ({
    date: f.date(r, "date"),
    precipitation: f.number(r, "precipitation"),
    tempMax: f.number(r, "temp_max"),
    tempMin: f.number(r, "temp_min"),
    wind: f.number(r, "wind"),
    weather: f.text(r, "weather"),
  }));
  f.checkIncreasing(
    out.map((o) => o.date),
    rowsOf(t),
  );
  return out;
}

/** One year of the global temperature anomaly. */
export interface GlobalTempYear {
  readonly year: number;
  /** Anomaly, °C. */
  readonly temp: number;
}

/** Yearly global temperature anomaly (global-temp.csv), oldest first. */
export function loadGlobalTemp(dir?: string): GlobalTempYear[] {
  const t = readVegaCsv("global-temp.csv", dir);
  const f = new Fields(t, ["year", "temp"], "loadGlobalTemp");
  const out = rowsOf(t).map((r) => ({ year: f.number(r, "year"), temp: f.number(r, "temp") }));
  f.checkIncreasing(
    out.map((o) => new Date(Date.UTC(o.year, 0, 1))),
    rowsOf(t),
  );
  return out;
}

/** One trading day of the S&P 500 index. */
export interface Sp500Day {
  readonly date: Date;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Close adjusted for dividends and splits (equal to close for this index file). */
  readonly adjClose: number;
  readonly volume: number;
}

/** Daily S&P 500 prices from January 2000 to April 2020 (sp500-2000.csv), oldest first. */
export function loadSp500Daily(dir?: string): Sp500Day[] {
  const t = readVegaCsv("sp500-2000.csv", dir);
  const f = new Fields(t, ["date", "open", "high", "low", "close", "adjclose", "volume"], "loadSp500Daily");
  const out = rowsOf(t).map((r) => {
    const day = {
      date: f.date(r, "date"),
      open: f.number(r, "open"),
      high: f.number(r, "high"),
      low: f.number(r, "low"),
      close: f.number(r, "close"),
      adjClose: f.number(r, "adjclose"),
      volume: f.number(r, "volume"),
    };
    if (!(day.adjClose > 0))
      throw new Error(`loadSp500Daily: adjclose ${day.adjClose} must be positive in ${t.file}, line ${t.lines[r]}`);
    return day;
  });
  f.checkIncreasing(
    out.map((o) => o.date),
    rowsOf(t),
  );
  return out;
}

/** One monthly price of one stock. */
export interface StockMonth {
  readonly symbol: string;
  readonly date: Date;
  readonly price: number;
}

/** Monthly prices of MSFT, AMZN, IBM, GOOG and AAPL (stocks.csv); dates increase within each symbol. */
export function loadStocks(dir?: string): StockMonth[] {
  const t = readVegaCsv("stocks.csv", dir);
  const f = new Fields(t, ["symbol", "date", "price"], "loadStocks");
  const out = rowsOf(t).map((r) => ({
    symbol: f.text(r, "symbol"),
    date: f.date(r, "date"),
    price: f.number(r, "price"),
  }));
  const bySymbol = new Map<string, number[]>();
  out.forEach((o, r) => {
    const list = bySymbol.get(o.symbol) ?? [];
    list.push(r);
    bySymbol.set(o.symbol, list);
  });
  for (const rows of bySymbol.values())
    f.checkIncreasing(
      rows.map((r) => out[r].date),
      rows,
    );
  return out;
}

/** Log returns r_t = ln(p_t / p_{t-1}) of a price series (one fewer value than prices). */
export function logReturns(prices: ArrayLike<number>): Float64Array {
  if (prices.length < 2) throw new Error(`logReturns: need at least 2 prices, got ${prices.length}`);
  const out = new Float64Array(prices.length - 1);
  for (let t = 1; t < prices.length; t++) {
    if (!(prices[t] > 0) || !(prices[t - 1] > 0))
      throw new Error(
        `logReturns: prices must be positive, got ${prices[t - 1]} and ${prices[t]} at index ${t - 1}, ${t}`,
      );
    out[t - 1] = Math.log(prices[t] / prices[t - 1]);
  }
  return out;
}
