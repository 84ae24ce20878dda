import { randomUUID } from "node:crypto";
import type { Reply } from "../core/reply";

/** Something the person running the bot can fix (a rejected token, a port in use): said without a stack. */
export class FixableStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FixableStartupError";
  }
}

/** A short id that ties what the user was told to the log line that says what happened. */
export function newReference(): string {
  return randomUUID().slice(0, 8);
}

export function errorReply(reference: string): Reply {
  return {
    kind: "error",
    visibility: "private",
    text: `Sorry, something went wrong on my side. Please try again; if it keeps happening, quote reference ${reference}.`,
  };
}
