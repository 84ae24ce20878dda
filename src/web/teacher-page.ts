import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Learning } from "../app/learning";
import type { AnswerOptions } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { ParsedDocument } from "../core/document";
import { classReportCounts } from "../store/class-report";
import type { Database } from "../store/schema";
import { teacherDb } from "../store/teacher-schema";
import { type SessionRow, teacherStore } from "../store/teacher-store";
import { createWebApp } from "./app";
import { ClassLibrary, withClassUploads } from "./class-library";
import { readUpload } from "./read-upload";
import { listen, type WebServer } from "./server";
import { channelOf, classKeyOf, makeSignInLink } from "./sign-in";

/**
 * The teacher's page put together for a running bot: the class library on top of the bot's
 * per-channel scope (installed at once, so answers use uploads as soon as they are read), the web
 * server once the store is open, and `link`, which the chat's page command calls.
 */

export interface TeacherPageOptions {
  publicUrl: string;
  port: number;
  hostname?: string;
  commandName: string;
  maxDocumentMb: number;
  thresholds?: AnswerOptions["thresholds"];
  logger: Logger;
  /** the store's database once open; null when it cannot be */
  database: () => Promise<Kysely<Database> | null>;
  /** the teacher's keyed hash, as the question log hashes users */
  hashUser: (platform: string, userId: string) => string;
  /** the corpus's parsed documents (the scope's index says which a channel sees) */
  documents: () => readonly ParsedDocument[];
  /** what classes taught the bot: the report teaches and rejects with it, tried questions use it */
  learning?: Learning;
  now?: () => number;
}

export interface LinkFor {
  platform: string;
  workspace?: string | undefined;
  channel?: string | undefined;
  userId: string;
}

/** What the chat's page command needs: a link, or why there is none. */
export interface TeacherPageLinks {
  link(request: LinkFor): Promise<{ url: string; minutes: number } | { unavailable: string }>;
}

export interface TeacherPage extends TeacherPageLinks {
  /** the scope the bot answers from: the channel's documents with the class's uploads on top */
  scope(
    base: (channel: string | undefined) => CorpusIndex | null,
  ): (channel: string | undefined) => CorpusIndex | null;
  /** resolves once the page is served (or could not be); the port it listens on */
  ready: Promise<WebServer | null>;
  close(): Promise<void>;
}

const READY_WAIT_MS = 5_000;

export function startTeacherPage(options: TeacherPageOptions): TeacherPage {
  const { logger } = options;
  const now = options.now ?? Date.now;
  let library: ClassLibrary | null = null;
  let server: WebServer | null = null;
  let failure: string | null = null;
  let baseScope: (channel: string | undefined) => CorpusIndex | null = () => null;
  const read = async (name: string, bytes: Uint8Array) =>
    (await readUpload(name, bytes, options.maxDocumentMb)).document;

  const opening = (async () => {
    const db = await options.database();
    if (!db) throw new Error("the store is unavailable");
    const store = teacherStore(teacherDb(db));
    library = new ClassLibrary(store, read, logger);
    await library.start();
    const lib = library;
    const scoped = withClassUploads(lib, (channel) => baseScope(channel), options.documents, classKeyOf);
    const app = createWebApp({
      store,
      publicUrl: options.publicUrl,
      commandName: options.commandName,
      maxDocumentMb: options.maxDocumentMb,
      classIndex: (classKey) => scoped(channelOf(classKey) ?? undefined),
      baseIndex: (classKey) => baseScope(channelOf(classKey) ?? undefined),
      refresh: () => lib.refresh(),
      reportCounts: (classKey, from, until) => classReportCounts(db, channelOf(classKey), from, until),
      classLabel,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.learning ? { learning: options.learning } : {}),
      logger,
      now,
    });
    server = await listen(app, options.port, options.hostname);
    const prune = setInterval(() => void store.prune(new Date(now())).catch(() => {}), 3_600_000);
    prune.unref();
    logger.info({ port: server.port, publicUrl: options.publicUrl }, "teacher's page listening");
    return { store, server };
  })().catch((error: unknown) => {
    failure =
      (error as NodeJS.ErrnoException).code === "EADDRINUSE"
        ? `port ${options.port} is in use; set WEB_PORT to a free port`
        : (error as Error).message;
    logger.error({ err: error }, `teacher's page unavailable: ${failure}`);
    return null;
  });

  return {
    scope(base) {
      baseScope = base;
      return (channel) =>
        library ? withClassUploads(library, base, options.documents, classKeyOf)(channel) : base(channel);
    },
    ready: opening.then((o) => o?.server ?? null),
    async link(request) {
      let timer: NodeJS.Timeout | undefined;
      const opened = await Promise.race([
        opening,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), READY_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (opened === undefined)
        return { unavailable: "The teacher's page is still starting; ask again in a moment." };
      if (!opened)
        return { unavailable: `The teacher's page is unavailable: ${failure ?? "unknown reason"}.` };
      const { url } = await makeSignInLink(
        opened.store,
        options.publicUrl,
        { ...request, userHash: options.hashUser(request.platform, request.userId) },
        now(),
      );
      return { url, minutes: 10 };
    },
    async close() {
      library?.stop();
      await server?.close();
    },
  };
}

/** How a class is named on its page. */
export function classLabel(session: Pick<SessionRow, "platform" | "workspace" | "classKey">): string {
  if (channelOf(session.classKey) === null) return "The terminal chat's class";
  const platform =
    session.platform === "slack" ? "Slack" : session.platform === "discord" ? "Discord" : session.platform;
  const where = session.workspace
    ? ` in ${session.platform === "discord" ? "server" : "workspace"} ${session.workspace}`
    : "";
  return `${platform} channel ${session.classKey}${where}`;
}
