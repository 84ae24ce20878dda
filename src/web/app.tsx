/** @jsxImportSource hono/jsx */
import { timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { Learning } from "../app/learning";
import { type AnswerOptions, answerQuestion } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import { createRateLimiter } from "../rate-limit";
import type { ClassReportCounts } from "../store/class-report";
import type { SessionRow, TeacherStore } from "../store/teacher-store";
import { DocumentsPage, type UploadResult } from "./pages/documents";
import { type ClassFrame, classPath, MessagePage } from "./pages/layout";
import {
  ConfirmSignIn,
  Forbidden,
  FormExpired,
  LinkRefused,
  NotSignedIn,
  SignedOut,
  TooMany,
} from "./pages/sign-in";
import { TryPage } from "./pages/try";
import { readUpload, UploadRejected } from "./read-upload";
import { reportRoutes } from "./report-routes";
import { findSession, SESSION_HOURS, sha256, signIn } from "./sign-in";

/**
 * The teacher's page as a Hono app: routing, cookies, multipart parsing, the Origin check and the
 * security headers are Hono's; what is decided here is who may do what. Every /class/:classKey
 * request must come with a session for exactly that class (403 otherwise), and every POST with the
 * session's CSRF token as well as a same-origin Origin header.
 */

export interface WebDeps {
  store: TeacherStore;
  /** PUBLIC_URL: its origin is the only one forms may be posted from */
  publicUrl: string;
  commandName: string;
  maxDocumentMb: number;
  /** the index the class answers from now (folder and uploads); null: no documents */
  classIndex(classKey: string): CorpusIndex | null;
  /** the folder's documents the class starts from */
  baseIndex(classKey: string): CorpusIndex | null;
  /** rereads the class's uploads in this process at once (other replicas poll) */
  refresh(): Promise<void>;
  /** the class's questions counted by the store, over [from, until) */
  reportCounts(classKey: string, from: Date, until: Date): Promise<ClassReportCounts>;
  /** "Slack channel C0123 (workspace T01)" */
  classLabel(session: SessionRow): string;
  thresholds?: AnswerOptions["thresholds"];
  /** what classes taught the bot: the report's teaching, and the tried questions' answers */
  learning?: Learning;
  logger: Logger;
  now?: () => number;
}

export const SESSION_COOKIE = "teacher_session";
export const MAX_FILES = 20;
// Per minute and address: behind a proxy a whole school shares one address, so not too few.
export const SIGN_IN_ATTEMPTS = 30;
const SIGN_IN_WINDOW_MS = 60_000;

const STATIC: Record<string, { type: string; body: string }> = {
  "app.css": { type: "text/css; charset=utf-8", body: readStatic("app.css") },
  "app.js": { type: "text/javascript; charset=utf-8", body: readStatic("app.js") },
};
function readStatic(name: string): string {
  return readFileSync(new URL(`./static/${name}`, import.meta.url), "utf8");
}

export type Env = { Variables: { session: SessionRow } };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createWebApp(deps: WebDeps): Hono<Env> {
  const now = deps.now ?? Date.now;
  const { store, commandName } = deps;
  const secure = deps.publicUrl.startsWith("https:");
  const origin = new URL(deps.publicUrl).origin;
  const attempts = createRateLimiter({ max: SIGN_IN_ATTEMPTS, windowMs: SIGN_IN_WINDOW_MS, now });
  const app = new Hono<Env>();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  // Refuses a form posted from any other site (the CSRF token below is checked as well).
  app.use(csrf({ origin }));
  app.onError((error, c) => {
    // Hono's own refusals (the Origin check): their status, and a page that says what happened.
    if (error instanceof HTTPException && error.status < 500) {
      deps.logger.warn({ status: error.status, path: c.req.path }, "teacher's page request refused");
      return c.html(<FormExpired />, error.status);
    }
    deps.logger.error({ err: error, path: c.req.path }, "teacher's page request failed");
    return c.html(
      <MessagePage title="Something went wrong">
        <p>Nothing was changed. Please try again; if it keeps happening, tell whoever runs the bot.</p>
      </MessagePage>,
      500,
    );
  });
  app.notFound((c) =>
    c.html(
      <MessagePage title="Page not found">
        <p>There is no page here.</p>
      </MessagePage>,
      404,
    ),
  );

  app.get("/static/:name", (c) => {
    const file = STATIC[c.req.param("name")];
    if (!file) return c.notFound();
    c.header("Content-Type", file.type);
    return c.body(file.body);
  });
  app.get("/health", (c) => c.json({ ok: true }));

  app.get("/", async (c) => {
    const session = await findSession(store, getCookie(c, SESSION_COOKIE), now());
    if (!session) return c.html(<NotSignedIn commandName={commandName} />, 401);
    return c.redirect(classPath(session.classKey, "documents"), 303);
  });

  app.get("/sign-in/:secret", (c) => c.html(<ConfirmSignIn secret={c.req.param("secret")} />));

  app.post("/sign-in", async (c) => {
    // The peer's address, not X-Forwarded-For, which anyone can write. Behind a proxy all teachers
    // share one budget; a link's secret is 256 bits, so the limit only stops hammering.
    const address = remoteAddress(c) ?? "unknown";
    const decision = attempts.check(address);
    if (!decision.allowed) return c.html(<TooMany seconds={Math.ceil(decision.retryAfterMs / 1000)} />, 429);
    const body = await c.req.parseBody();
    const secret = typeof body.link === "string" ? body.link : "";
    const result = await signIn(store, secret, now());
    if (result.status !== "ok") {
      deps.logger.info({ status: result.status }, "sign-in link refused");
      return c.html(<LinkRefused why={result.status} commandName={commandName} />, 403);
    }
    setCookie(c, SESSION_COOKIE, result.sessionSecret, {
      httpOnly: true,
      sameSite: "Lax",
      secure,
      path: "/",
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(classPath(result.session.classKey, "documents"), 303);
  });

  app.post("/sign-out", async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const session = await findSession(store, secret, now());
    const body = await c.req.parseBody();
    if (session && secret && typeof body._csrf === "string" && sameSecret(body._csrf, session.csrf))
      await store.endSession(sha256(secret));
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure });
    return c.html(<SignedOut commandName={commandName} />);
  });

  // Every class page: a session for exactly this class, and on POST its CSRF token.
  app.use("/class/:classKey/*", async (c, next) => {
    const session = await findSession(store, getCookie(c, SESSION_COOKIE), now());
    if (!session) return c.html(<NotSignedIn commandName={commandName} />, 401);
    if (session.classKey !== c.req.param("classKey")) {
      deps.logger.warn(
        { classKey: c.req.param("classKey") },
        "teacher's page: request for another class refused",
      );
      return c.html(<Forbidden commandName={commandName} />, 403);
    }
    c.set("session", session);
    await next();
  });
  const uploadLimit = bodyLimit({
    maxSize: (deps.maxDocumentMb * MAX_FILES + 1) * 1024 * 1024,
    onError: (c) =>
      c.html(
        <MessagePage title="Too much at once">
          <p>
            Upload at most {MAX_FILES} files of {deps.maxDocumentMb} MB each at a time. Nothing was changed.
          </p>
        </MessagePage>,
        413,
      ),
  });
  app.post("/class/:classKey/*", uploadLimit, async (c, next) => {
    const body = await c.req.parseBody({ all: true });
    const token = body._csrf;
    if (typeof token !== "string" || !sameSecret(token, c.get("session").csrf))
      return c.html(<FormExpired />, 403);
    await next();
  });

  const frame = (session: SessionRow): ClassFrame => ({
    classKey: session.classKey,
    label: deps.classLabel(session),
    csrf: session.csrf,
  });

  async function documentsPage(session: SessionRow, results?: UploadResult[]) {
    const base = deps.baseIndex(session.classKey);
    return (
      <DocumentsPage
        frame={frame(session)}
        uploads={await store.listDocuments(session.classKey)}
        base={(base?.documents ?? []).map((d) => ({
          title: d.meta.title,
          fileName: d.fileName,
          facts: d.sections.reduce((n, s) => n + s.facts, 0),
        }))}
        {...(results ? { results } : {})}
        maxMb={deps.maxDocumentMb}
        maxFiles={MAX_FILES}
        userHash={session.userHash}
        now={now()}
      />
    );
  }

  app.get("/class/:classKey/documents", async (c) => c.html(await documentsPage(c.get("session"))));

  /** Reads and stores each file; a file the readers reject changes nothing. */
  async function addFiles(session: SessionRow, files: File[], replacing?: { id: string; fileName: string }) {
    const results: UploadResult[] = [];
    const existing = new Set((await store.listDocuments(session.classKey)).map((d) => d.fileName));
    for (const file of files.slice(0, MAX_FILES)) {
      try {
        const read = await readUpload(
          file.name,
          new Uint8Array(await file.arrayBuffer()),
          deps.maxDocumentMb,
        );
        const fileName = read.document.fileName;
        await store.putDocument(
          session.classKey,
          {
            fileName,
            format: read.format,
            bytes: new Uint8Array(await file.arrayBuffer()),
            facts: read.facts,
            problems: read.problems,
          },
          session.userHash,
          new Date(now()),
        );
        if (replacing && replacing.fileName !== fileName)
          await store.removeDocument(session.classKey, replacing.id, session.userHash, new Date(now()));
        results.push({
          fileName,
          ok: true,
          facts: read.facts,
          replaced: existing.has(fileName) || replacing !== undefined,
          problems: read.problems,
        });
      } catch (error) {
        if (!(error instanceof UploadRejected)) throw error;
        results.push({ fileName: error.fileName, ok: false, message: error.message });
      }
    }
    if (files.length > MAX_FILES)
      results.push({
        fileName: `${files.length - MAX_FILES} more files`,
        ok: false,
        message: `at most ${MAX_FILES} files are read at a time; upload the rest next.`,
      });
    await deps.refresh();
    return results;
  }

  const filesOf = (value: unknown): File[] =>
    (Array.isArray(value) ? value : [value]).filter(
      (f): f is File => f instanceof File && f.size + f.name.length > 0,
    );

  app.post("/class/:classKey/documents", async (c) => {
    const session = c.get("session");
    const files = filesOf((await c.req.parseBody({ all: true })).files);
    const results = files.length
      ? await addFiles(session, files)
      : [{ fileName: "No file", ok: false as const, message: "choose at least one file to upload." }];
    const status = results.every((r) => !r.ok) ? 422 : 200;
    return c.html(await documentsPage(session, results), status);
  });

  app.post("/class/:classKey/documents/:id/replace", async (c) => {
    const session = c.get("session");
    const old = (await store.listDocuments(session.classKey)).find((d) => d.id === c.req.param("id"));
    if (!old) return c.html(<DocumentGone />, 404);
    const files = filesOf((await c.req.parseBody({ all: true })).files).slice(0, 1);
    const results = files.length
      ? await addFiles(session, files, { id: old.id, fileName: old.fileName })
      : [{ fileName: old.fileName, ok: false as const, message: "choose the new version's file." }];
    return c.html(await documentsPage(session, results), results.every((r) => !r.ok) ? 422 : 200);
  });

  app.post("/class/:classKey/documents/:id/remove", async (c) => {
    const session = c.get("session");
    const removed = await store.removeDocument(
      session.classKey,
      c.req.param("id"),
      session.userHash,
      new Date(now()),
    );
    if (!removed) return c.html(<DocumentGone />, 404);
    await deps.refresh();
    return c.redirect(classPath(session.classKey, "documents"), 303);
  });

  reportRoutes(app, deps, frame);

  app.get("/class/:classKey/try", (c) => c.html(<TryPage frame={frame(c.get("session"))} />));
  app.post("/class/:classKey/try", async (c) => {
    const session = c.get("session");
    const body = await c.req.parseBody();
    const question = typeof body.q === "string" ? body.q.slice(0, 500) : "";
    const index = deps.classIndex(session.classKey);
    // Answered as the class's students are, from the same index and with what the class taught;
    // never written to the question log.
    const options = deps.thresholds ? { thresholds: deps.thresholds } : {};
    const result = !index
      ? ("no-documents" as const)
      : deps.learning
        ? deps.learning.answer(index, session.classKey, question, options)
        : answerQuestion(index, question, options);
    return c.html(<TryPage frame={frame(session)} question={question} result={result} />);
  });

  return app;
}

function DocumentGone() {
  return (
    <MessagePage title="That document is not there">
      <p>It may have been removed already. Go back to the Documents page and reload it.</p>
    </MessagePage>
  );
}

// The peer's address as @hono/node-server hands it over (its incoming request).
function remoteAddress(c: { env: unknown }): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
