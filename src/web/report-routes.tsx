/** @jsxImportSource hono/jsx */
import type { Context, Hono } from "hono";
import { REPORT_DAYS } from "../report/build";
import { learnedReport } from "../report/learned";
import { short } from "../report/passage-quote";
import type { SessionRow } from "../store/teacher-store";
import type { Env, WebDeps } from "./app";
import { reportFromCounts, reportWindow } from "./class-report";
import { type ClassFrame, classPath, MessagePage } from "./pages/layout";
import { type Flash, ReportPage } from "./pages/report";

/**
 * The class's report and its teaching actions: teach a question one of its closest passages, reject
 * a learned link. Both are forms (they work without JavaScript), checked like every class request
 * (the session's class, its CSRF token: app.tsx), act only on this class's links, and are written to
 * the audit with the teacher's hash. After a change the page is shown again (POST, then redirect).
 */

const DAY_MS = 86_400_000;
const LINK_ID = /^[0-9a-f]{1,16}$/;

export function reportRoutes(
  app: Hono<Env>,
  deps: WebDeps,
  frame: (session: SessionRow) => ClassFrame,
): void {
  const now = deps.now ?? Date.now;
  const { store } = deps;

  async function reportPage(c: Context<Env>, flash?: Flash, status: 200 | 404 | 422 = 200) {
    const session = c.get("session");
    const { classKey } = session;
    const at = now();
    const { from, until } = reportWindow(at);
    const counts = await deps.reportCounts(classKey, from, until);
    const index = deps.classIndex(classKey);
    const texts = new Map(index?.facts.map((f) => [f.id, f.text]) ?? []);
    const report = reportFromCounts(counts, at, (id) => texts.get(id) ?? null);
    const { learning } = deps;
    const learned = learning
      ? learnedReport({
          links: learning.links(classKey),
          dropped: (await learning.dropped(new Date(at - REPORT_DAYS * DAY_MS))).filter(
            (d) => d.classKey === classKey,
          ),
          unanswered: report.unanswered,
          index,
        })
      : null;
    const audit = await store.audit(classKey, 20);
    return c.html(
      <ReportPage
        frame={frame(session)}
        report={report}
        audit={audit}
        userHash={session.userHash}
        learned={learned}
        learningOff={learning ? learning.offReason : "this bot keeps nothing a class teaches"}
        {...(flash ? { flash } : {})}
      />,
      status,
    );
  }

  app.get("/class/:classKey/report", (c) => {
    const taught = c.req.query("taught");
    const rejected = c.req.query("rejected");
    const link =
      taught && LINK_ID.test(taught)
        ? deps.learning?.links(c.get("session").classKey).find((l) => l.id === taught)
        : undefined;
    if (link)
      return reportPage(c, {
        ok: true,
        text: `Taught: “${link.question}” now leads to “${short(link.passage, 160).replace(/[.!?]$/, "")}” (undo it with Reject below).`,
      });
    if (rejected && LINK_ID.test(rejected))
      return reportPage(c, {
        ok: true,
        text: `Rejected link ${rejected}: its question no longer leads to its passage.`,
      });
    return reportPage(c);
  });

  app.post("/class/:classKey/teach", async (c) => {
    const session = c.get("session");
    const body = await c.req.parseBody();
    const question = typeof body.question === "string" ? body.question.trim().slice(0, 500) : "";
    const factId = typeof body.factId === "string" ? body.factId : "";
    const quote = typeof body.quote === "string" ? body.quote.slice(0, 500) : "";
    const index = deps.classIndex(session.classKey);
    if (!deps.learning || !index)
      return reportPage(c, { ok: false, text: "Nothing was taught: learning is off." }, 422);
    // A passage picked among the closest, or one the teacher quotes.
    const taught = { userHash: session.userHash, classKey: session.classKey, index, question };
    const result = quote.trim()
      ? await deps.learning.teach({ ...taught, quote })
      : await deps.learning.teachPassage({ ...taught, factId });
    if (!result.ok) return reportPage(c, { ok: false, text: `Nothing was taught: ${result.error}.` }, 422);
    const passage = result.passage?.text ?? factId;
    await store.record(
      session.classKey,
      session.userHash,
      "teach",
      `“${question}” → ${short(passage, 120)}`,
      new Date(now()),
    );
    return c.redirect(
      `${classPath(session.classKey, "report")}?taught=${result.link?.id ?? ""}#learned`,
      303,
    );
  });

  app.post("/class/:classKey/links/:id/reject", async (c) => {
    const session = c.get("session");
    const id = c.req.param("id");
    // Only this class's links: another class's id is not found here, and stays.
    const result = deps.learning
      ? await deps.learning.forget(session.classKey, id, { userHash: session.userHash })
      : null;
    if (!result?.ok || !result.link) return c.html(<LinkGone />, 404);
    await store.record(
      session.classKey,
      session.userHash,
      "reject",
      `“${result.link.question}” → ${short(result.link.passage, 120)}`,
      new Date(now()),
    );
    return c.redirect(`${classPath(session.classKey, "report")}?rejected=${result.link.id}#learned`, 303);
  });
}

function LinkGone() {
  return (
    <MessagePage title="That link is not there">
      <p>
        It may have been rejected already, or belong to another class. Go back to the Report page and reload
        it.
      </p>
    </MessagePage>
  );
}
