import type { Config } from "../config";
import type { Started } from "../startup";
import { startTeacherPage, type TeacherPage } from "./teacher-page";

/**
 * Puts the teacher's page into a started bot, when PUBLIC_URL is set: the bot's channels answer
 * from their documents with their class's uploads on top, and the page command can make links.
 * Without PUBLIC_URL nothing changes, and the page command says what to set.
 */
export function attachTeacherPage(config: Config, started: Started): TeacherPage | null {
  const { context, storage, corpus, logger, learning } = started;
  if (!config.PUBLIC_URL || !storage) return null;
  const page = startTeacherPage({
    publicUrl: config.PUBLIC_URL,
    port: config.WEB_PORT,
    commandName: config.COMMAND_NAME,
    maxDocumentMb: config.MAX_DOCUMENT_MB,
    ...(context.thresholds ? { thresholds: context.thresholds } : {}),
    logger,
    database: () => storage.database(),
    // Teachers are hashed as the question log hashes users, so the audit and the log agree.
    hashUser: (platform, userId) => storage.userHash(platform, userId),
    documents: () => corpus.documents,
    learning,
  });
  const channelScope = context.scope;
  context.scope = page.scope(channelScope ?? (() => context.index));
  context.teacherPage = page;
  return page;
}
