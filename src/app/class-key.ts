/**
 * What a class is, for everything kept per class (learned links, the teacher's uploads, the
 * teacher's page): a chat channel, by its id (Slack and Discord ids do not collide). The terminal
 * chat and the command-line tools are one class of their own. A class answers from its channel's
 * documents (CHANNEL_DOCUMENTS, with the class's uploads on top), so a link learned in one class
 * only ever points to a passage that class sees, and never answers in another.
 */
export const TERMINAL_CLASS = "terminal";

export const classKeyOf = (channel: string | undefined | null): string => channel ?? TERMINAL_CLASS;

/** The question log's channel for a class (the terminal logs none). */
export const channelOf = (classKey: string): string | null => (classKey === TERMINAL_CLASS ? null : classKey);
