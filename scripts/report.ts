import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config";
import { loadCorpus } from "../src/core/load";
import { chartPng, chartSvg } from "../src/report/chart";
import { reportHtml } from "../src/report/html";
import { loadReport } from "../src/report/load";
import { reportText } from "../src/report/text";
import { isUserFacingStartupError, loadDotEnv } from "../src/startup";
import { StateDirLockedError } from "../src/store/dir-lock";
import { openStore } from "../src/store/open";
import { sqlBackend } from "../src/store/sql-backend";

/**
 * `npm run report` prints the teacher's report for the last 14 days; `--html FILE` also writes it
 * as a self-contained page with the chart, `--png FILE` the chart alone.
 */

const USAGE = `Usage:
  npm run report                        print the report in the terminal
  npm run report -- --html report.html  also write a self-contained page with the chart
  npm run report -- --png chart.png     also write the questions-per-day chart as a PNG
Reads the store named by DATABASE_URL or STATE_DIR (see README). With the embedded store, stop the
bot first: one process at a time can open STATE_DIR.`;

async function main(): Promise<number> {
  let values: { html?: string | undefined; png?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { html: { type: "string" }, png: { type: "string" }, help: { type: "boolean" } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ databaseUrl: config.DATABASE_URL, stateDir: config.STATE_DIR });
  } catch (error) {
    if (error instanceof StateDirLockedError) {
      process.stderr.write(`${error.message}.\nStop the bot, or use a PostgreSQL server (DATABASE_URL).\n`);
    } else {
      process.stderr.write(`Cannot open the store: ${(error as Error).message}\n`);
    }
    return 1;
  }
  try {
    // The documents turn fact ids into answer texts; without them the report shows ids.
    const index = await loadCorpus(config.DATA_DIR).then(
      (r) => r.index,
      () => undefined,
    );
    const report = await loadReport(sqlBackend(store.db), Date.now(), index);
    process.stdout.write(`${reportText(report)}\n`);
    if (values.html) {
      writeFileSync(values.html, reportHtml(report));
      process.stdout.write(`\nWrote ${values.html}\n`);
    }
    if (values.png) {
      const png = await chartPng(chartSvg(report));
      if (!png) {
        process.stderr.write("No PNG renderer on this platform (@resvg/resvg-js); use --html instead.\n");
        return 1;
      }
      writeFileSync(values.png, png);
      process.stdout.write(`Wrote ${values.png}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isUserFacingStartupError(error)) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`Report failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
