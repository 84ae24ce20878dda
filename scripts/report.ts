import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ChannelScopes } from "../src/app/channel-documents";
import { channelOf } from "../src/app/class-key";
import { loadConfig } from "../src/config";
import { loadCorpus } from "../src/core/load";
import { chartPng, chartSvg } from "../src/report/chart";
import { reportHtml } from "../src/report/html";
import { learnedHtml } from "../src/report/learned-html";
import { loadLearned } from "../src/report/learned-load";
import { closestLines, learnedSections } from "../src/report/learned-text";
import { loadReport } from "../src/report/load";
import { reportText } from "../src/report/text";
import { isUserFacingStartupError, loadDotEnv } from "../src/startup";
import { StateDirLockedError } from "../src/store/dir-lock";
import { deleteJournals, readJournal } from "../src/store/journal";
import { sqlLearningBackend } from "../src/store/learning-backend";
import { openStore } from "../src/store/open";
import { readSetAside, SET_ASIDE_FILE } from "../src/store/set-aside";
import { sqlBackend } from "../src/store/sql-backend";

/**
 * `npm run report` prints the teacher's report for the last 14 days, counting the questions still
 * in the journal (not yet in the database); `--html FILE` writes it as a self-contained page with
 * the chart instead, `--png FILE` the chart alone. `--delete` deletes the whole question log: the
 * only way the bot's data is deleted other than by age.
 */

const USAGE = `Usage:
  npm run report                         print the report in the terminal
  npm run report -- --html report.html   write it as a self-contained page with the chart
  npm run report -- --png chart.png      write the questions-per-day chart as a PNG
  npm run report -- --documents bio101   only questions asked against that document set
                                         (a class's folders as in CHANNEL_DOCUMENTS; "all": the rest)
  npm run report -- --class C0123ABCD    what that class (a channel id; "terminal") taught, and
                                         the closest passages from its documents (default: every class)
  npm run report -- --delete             delete every logged question, vote and journaled question
Reads the store named by DATABASE_URL or STATE_DIR (see README). With the embedded store, stop the
bot first: one process at a time can open STATE_DIR.`;

// Beyond any date a question was asked (and within PostgreSQL's range): prune() before it deletes everything.
const END_OF_TIME = new Date(Date.UTC(9999, 0, 1));

async function main(): Promise<number> {
  let values: {
    html?: string | undefined;
    png?: string | undefined;
    documents?: string | undefined;
    class?: string | undefined;
    delete?: boolean | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      options: {
        html: { type: "string" },
        png: { type: "string" },
        documents: { type: "string" },
        class: { type: "string" },
        delete: { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.delete && (values.html || values.png || values.documents || values.class)) {
    process.stderr.write(`--delete deletes the whole log; it takes no other option.\n\n${USAGE}\n`);
    return 2;
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
    if (values.delete) return await deleteAll(store);
    // The documents turn fact ids into answer texts, and give the passages closest to unanswered
    // questions (a class's own folders with --class); without them the report shows ids.
    const loaded = await loadCorpus(config.DATA_DIR, { maxDocumentMb: config.MAX_DOCUMENT_MB }).catch(
      () => undefined,
    );
    const index = loaded?.index;
    const now = Date.now();
    const report = await loadReport(sqlBackend(store.db), now, {
      index,
      journal: readJournal(config.STATE_DIR),
      setAside: readSetAside(join(config.STATE_DIR, SET_ASIDE_FILE)).map((s) => s.row),
      documents: values.documents,
    });
    const classIndex =
      loaded && values.class !== undefined
        ? new ChannelScopes(config.CHANNEL_DOCUMENTS, config.CHANNEL_DOCUMENTS_STRICT, () => loaded).indexFor(
            channelOf(values.class) ?? undefined,
          )
        : (index ?? null);
    const learned = await loadLearned(sqlLearningBackend(store.db), now, {
      classKey: values.class,
      unanswered: report.unanswered,
      index: classIndex,
    });
    const prefix = `/${config.COMMAND_NAME} `;
    if (!values.html && !values.png)
      process.stdout.write(
        `${reportText(report, { beside: closestLines(learned, prefix), sections: learnedSections(learned, prefix) })}\n`,
      );
    if (values.html) {
      writeFileSync(values.html, reportHtml(report, learnedHtml(learned, prefix)));
      process.stdout.write(`Wrote ${values.html} (${report.total} questions)\n`);
    }
    if (values.png) {
      const png = await chartPng(chartSvg(report));
      if (!png) {
        process.stderr.write("No PNG renderer on this platform (@resvg/resvg-js); use --html instead.\n");
        return 1;
      }
      writeFileSync(values.png, png);
      process.stdout.write(`Wrote ${values.png} (${report.total} questions)\n`);
    }
    return 0;
  } finally {
    await store.close();
  }

  async function deleteAll(opened: typeof store): Promise<number> {
    const where = config.DATABASE_URL
      ? "the PostgreSQL server (DATABASE_URL)"
      : `STATE_DIR ${config.STATE_DIR}`;
    const deleted = await sqlBackend(opened.db).prune(END_OF_TIME);
    const journal = deleteJournals(config.STATE_DIR);
    const setAside = readSetAside(join(config.STATE_DIR, SET_ASIDE_FILE)).length;
    rmSync(join(config.STATE_DIR, SET_ASIDE_FILE), { force: true });
    process.stderr.write(
      `DELETED the question log in ${where}: ${deleted + journal.deleted + setAside} questions (${deleted} from the database with their feedback, ${journal.deleted} journaled and not yet written, ${setAside} set aside).\n`,
    );
    if (journal.live > 0)
      process.stderr.write(
        `${journal.live} journal slots belong to a running bot: it will still write what they hold. Stop it and run this again to delete those too.\n`,
      );
    return 0;
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
