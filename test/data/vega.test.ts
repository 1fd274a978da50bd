import { strict as assert } from "node:assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  loadCo2,
  loadGlobalTemp,
  loadSeattleWeather,
  loadSp500Daily,
  loadStocks,
  logReturns,
  parseDate,
  readVegaCsv,
} from "../../src/index";
import { parseCsv, vegaDatasetsDir } from "../../src/data/vega";

const DAY = 86400000;

function withDir(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vega-"));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

describe("data: vega-datasets time series", () => {
  it("finds the package from another working directory", () => {
    const cwd = process.cwd();
    const here = vegaDatasetsDir();
    try {
      process.chdir(os.tmpdir());
      assert.equal(vegaDatasetsDir(), here);
      assert.ok(fs.existsSync(path.join(here, "sp500-2000.csv")));
    } finally {
      process.chdir(cwd);
    }
  });

  it("CO2: monthly from March 1958 to April 2020, consecutive from 1965 on, values plausible and rising", () => {
    const co2 = loadCo2();
    assert.equal(co2[0].date.toISOString().slice(0, 10), "1958-03-01");
    assert.equal(co2[co2.length - 1].date.toISOString().slice(0, 10), "2020-04-01");
    co2.forEach((m, i) => {
      assert.equal(m.date.getUTCDate(), 1);
      if (i > 0) {
        const months =
          (m.date.getUTCFullYear() - co2[i - 1].date.getUTCFullYear()) * 12 +
          m.date.getUTCMonth() -
          co2[i - 1].date.getUTCMonth();
        // The record misses a few months in 1958 and early 1964; the notebooks start in 1965.
        if (m.date.getUTCFullYear() >= 1965) assert.equal(months, 1, `gap before ${m.date.toISOString()}`);
        else assert.ok(months >= 1 && months <= 4, `gap of ${months} months before ${m.date.toISOString()}`);
      }
      assert.ok(m.co2 > 300 && m.co2 < 430, `CO2 ${m.co2}`);
    });
    assert.ok(co2[co2.length - 1].co2 - co2[0].co2 > 80);
  });

  it("Seattle: four years of consecutive days with tempMin ≤ tempMax", () => {
    const days = loadSeattleWeather();
    assert.equal(days.length, 4 * 365 + 1);
    for (let i = 1; i < days.length; i++) assert.equal(days[i].date.getTime() - days[i - 1].date.getTime(), DAY);
    for (const d of days) assert.ok(d.tempMin <= d.tempMax, `${d.date.toISOString()}: ${d.tempMin} > ${d.tempMax}`);
    assert.deepEqual([...new Set(days.map((d) => d.weather))].sort(), ["drizzle", "fog", "rain", "snow", "sun"]);
  });

  it("S&P 500: daily trading days 2000-01-03 .. 2020-04-17, low ≤ open, close ≤ high", () => {
    const days = loadSp500Daily();
    assert.equal(days[0].date.toISOString().slice(0, 10), "2000-01-03");
    assert.equal(days[days.length - 1].date.toISOString().slice(0, 10), "2020-04-17");
    assert.ok(days.length > 5000);
    for (let i = 1; i < days.length; i++) {
      const gap = (days[i].date.getTime() - days[i - 1].date.getTime()) / DAY;
      // weekends and holidays; the longest closure was after 11 September 2001 (7 days)
      assert.ok(gap >= 1 && gap <= 7, `gap of ${gap} days before ${days[i].date.toISOString()}`);
    }
    for (const d of days)
      assert.ok(
        d.low <= Math.min(d.open, d.close) + 1e-9 && d.high >= Math.max(d.open, d.close) - 1e-9,
        d.date.toISOString(),
      );
  });

  it("stocks: monthly prices of five symbols; global temperature: one row per year", () => {
    const stocks = loadStocks();
    assert.deepEqual([...new Set(stocks.map((s) => s.symbol))].sort(), ["AAPL", "AMZN", "GOOG", "IBM", "MSFT"]);
    const msft = stocks.filter((s) => s.symbol === "MSFT");
    assert.equal(msft[0].date.toISOString().slice(0, 10), "2000-01-01");
    const temps = loadGlobalTemp();
    temps.forEach((t, i) => assert.equal(t.year, temps[0].year + i));
  });

  it("parses both date spellings and rejects impossible dates", () => {
    assert.equal(parseDate("2012-02-29").getTime(), Date.UTC(2012, 1, 29));
    assert.equal(parseDate("Mar 1 2010").getTime(), Date.UTC(2010, 2, 1));
    assert.equal(parseDate("Dec 31 1999").getTime(), Date.UTC(1999, 11, 31));
    assert.throws(() => parseDate("2001-02-29", "here"), /"2001-02-29" is not a calendar date \(here\)/);
    assert.throws(() => parseDate("Foo 1 2000"), /neither YYYY-MM-DD nor "Mon D YYYY"/);
    assert.throws(() => parseDate("1/2/2000"), /neither/);
  });

  it("reports malformed rows with file, line number and content", () => {
    assert.throws(
      () => parseCsv("a,b\n1,2\n3\n", "f.csv"),
      /expected 2 fields \(a,b\) but found 1 in f\.csv, line 3: "3"/,
    );
    withDir(
      { "co2-concentration.csv": "Date,CO2,adjusted CO2\n1958-03-01,315.70,314.44\n1958-04-01,n/a,315.16\n" },
      (dir) => {
        assert.throws(
          () => loadCo2(dir),
          /loadCo2: column "CO2" holds "n\/a", not a number, in .*co2-concentration\.csv, line 3: "1958-04-01,n\/a,315\.16"/,
        );
      },
    );
    withDir({ "co2-concentration.csv": "Date,CO2,adjusted CO2\n1958-04-01,1,1\n1958-03-01,1,1\n" }, (dir) => {
      assert.throws(
        () => loadCo2(dir),
        /loadCo2: dates must increase, but .*line 3: "1958-03-01,1,1" does not come after line 2/,
      );
    });
    withDir({ "co2-concentration.csv": "Date,CO2\n1958-03-01,1\n" }, (dir) => {
      assert.throws(() => loadCo2(dir), /loadCo2: column "adjusted CO2" is missing/);
    });
    withDir(
      { "seattle-weather.csv": "date,precipitation,temp_max,temp_min,wind,weather\n2012-13-01,0,1,0,1,sun\n" },
      (dir) => {
        assert.throws(
          () => loadSeattleWeather(dir),
          /"2012-13-01" is not a calendar date \(loadSeattleWeather, .*line 2/,
        );
      },
    );
  });

  it("a missing file says to install the package", () => {
    withDir({}, (dir) =>
      assert.throws(
        () => readVegaCsv("sp500-2000.csv", dir),
        /sp500-2000\.csv not found; is the vega-datasets package installed \(`npm install`\)\?/,
      ),
    );
  });

  it("log returns: ln(p_t / p_{t-1}), and they add up over time", () => {
    const r = logReturns([100, 110, 99, 99]);
    assert.equal(r.length, 3);
    assert.ok(Math.abs(r[0] - Math.log(1.1)) < 1e-15);
    assert.equal(r[2], 0);
    assert.ok(Math.abs(r[0] + r[1] + r[2] - Math.log(0.99)) < 1e-12);
    assert.throws(() => logReturns([1, 0, 2]), /prices must be positive, got 1 and 0 at index 0, 1/);
    assert.throws(() => logReturns([1]), /need at least 2 prices/);
  });
});
