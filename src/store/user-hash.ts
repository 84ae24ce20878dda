import { createHash, createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Users are stored as HMAC-SHA256(secret, platform:id): stable per user, not reversible without the secret. */
export function hashUser(secret: string, platform: string, userId: string): string {
  return createHmac("sha256", secret).update(`${platform}:${userId}`).digest("hex");
}

/**
 * The embedded store's secret when QUESTION_LOG_SECRET is not set: made once, kept beside the data
 * (owner-only), so hashes stay stable across restarts.
 */
export function stateDirSecret(dir: string): string {
  const path = join(dir, "question-log.secret");
  if (existsSync(path)) {
    const secret = readFileSync(path, "utf8").trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return secret;
}

/** The user as the rate limit stores it: keyed like the question log when there is a secret. */
export function rateLimitKey(
  platform: string,
  userId: string,
  hash?: (platform: string, id: string) => string,
) {
  return hash ? hash(platform, userId) : createHash("sha256").update(`${platform}:${userId}`).digest("hex");
}
