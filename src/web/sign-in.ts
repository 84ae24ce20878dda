import { createHash, randomBytes } from "node:crypto";
import { classKeyOf } from "../app/class-key";
import type { Grant, SessionRow, TeacherStore } from "../store/teacher-store";

/**
 * Sign-in without passwords: the chat makes a one-use link bound to a teacher and a class; opening
 * it starts a session. Only SHA-256 hashes of the link's and the session's secrets are stored, so
 * a copy of the database signs nobody in.
 */

export const LINK_MINUTES = 10;
export const SESSION_HOURS = 8;
const MINUTE_MS = 60_000;

export { channelOf, classKeyOf, TERMINAL_CLASS } from "../app/class-key";

export const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex");
const newSecret = () => randomBytes(32).toString("base64url");

export interface LinkRequest {
  platform: string;
  workspace?: string | undefined;
  channel?: string | undefined;
  /** the teacher's keyed hash, as the question log hashes users */
  userHash: string;
}

/** Makes a sign-in link for a teacher and a class; `publicUrl` is PUBLIC_URL. */
export async function makeSignInLink(
  store: Pick<TeacherStore, "saveToken">,
  publicUrl: string,
  request: LinkRequest,
  now: number,
): Promise<{ url: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(now + LINK_MINUTES * MINUTE_MS);
  const grant: Grant = {
    userHash: request.userHash,
    platform: request.platform,
    workspace: request.workspace ?? null,
    classKey: classKeyOf(request.channel),
  };
  await store.saveToken(sha256(secret), grant, new Date(now), expiresAt);
  return { url: `${publicUrl.replace(/\/+$/, "")}/sign-in/${secret}`, expiresAt };
}

export type SignIn =
  | { status: "ok"; sessionSecret: string; session: SessionRow }
  | { status: "used" | "expired" | "unknown" };

/** Uses a link (once) and opens a session for its teacher and class. */
export async function signIn(
  store: Pick<TeacherStore, "useToken" | "createSession">,
  linkSecret: string,
  now: number,
): Promise<SignIn> {
  // A forged link of any shape is simply unknown; the hash keeps odd input out of the query.
  const used = await store.useToken(sha256(linkSecret), new Date(now));
  if (used.status !== "ok") return used;
  const sessionSecret = newSecret();
  const csrf = newSecret();
  const expiresAt = new Date(now + SESSION_HOURS * 60 * MINUTE_MS);
  await store.createSession(sha256(sessionSecret), csrf, used.grant, new Date(now), expiresAt);
  return { status: "ok", sessionSecret, session: { ...used.grant, csrf, expiresAt } };
}

export async function findSession(
  store: Pick<TeacherStore, "findSession">,
  sessionSecret: string | undefined,
  now: number,
): Promise<SessionRow | null> {
  if (!sessionSecret || sessionSecret.length > 200) return null;
  return store.findSession(sha256(sessionSecret), new Date(now));
}
