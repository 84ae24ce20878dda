import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Slack's request signing (v0): HMAC-SHA256 of "v0:<timestamp>:<raw body>" with the signing secret.
 * Pure: the clock is an argument, so the five-minute replay window is testable.
 */

export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySlackSignature(options: {
  signingSecret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): SignatureCheck {
  const { signingSecret, body, timestamp, signature, nowSeconds } = options;
  if (!timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(nowSeconds - ts) > MAX_REQUEST_AGE_SECONDS) return { ok: false, reason: "stale timestamp" };
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: "signature mismatch" };
  }
  return { ok: true };
}
