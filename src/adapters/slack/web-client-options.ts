import type { webApi } from "@slack/bolt";
import type { LogThrottle } from "../../log-throttle";

/**
 * Bounds on every call the bot makes to Slack: the Web API (through Bolt's WebClient) and
 * response_url posts (through Bolt's `respond`, which uses the same fetch). Each attempt has a
 * timeout, retries are few and short (the WebClient's default retries for about 30 minutes), and
 * every failed attempt is logged at warn with the method and Slack's error code, summarised when
 * they repeat. A rejected token is reported, so the process can stop and name the variable.
 */

export interface CallLimits {
  /** per attempt, in milliseconds */
  timeoutMs: number;
  /** attempts after the first, for network errors, 5xx and timeouts */
  retries: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = { timeoutMs: 4000, retries: 2 };

// Slack's answers for a bot token it no longer accepts: nothing but a new token helps.
export const REJECTED_TOKEN_CODES = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
]);

export interface WebClientSettings {
  slackApiUrl: string | undefined;
  limits: CallLimits;
  warn: LogThrottle;
  onRejectedToken: (code: string) => void;
  fetch?: typeof fetch;
}

const DEFAULT_API_URL = "https://slack.com/api/";
const backoffMs = (attempt: number) => Math.min(1000, 250 * 2 ** attempt);

export function webClientOptions(settings: WebClientSettings): webApi.WebClientOptions {
  const { limits } = settings;
  return {
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    timeout: limits.timeoutMs,
    retryConfig: {
      retries: limits.retries,
      factor: 2,
      minTimeout: backoffMs(0),
      maxTimeout: backoffMs(limits.retries),
      randomize: true,
    },
    // A 429 fails at once instead of pausing every call for Retry-After seconds.
    rejectRateLimitedCalls: true,
    fetch: observedFetch(settings),
  };
}

function observedFetch(settings: WebClientSettings): typeof fetch {
  const base = settings.slackApiUrl ?? DEFAULT_API_URL;
  const realFetch = settings.fetch ?? globalThis.fetch;
  const { warn, limits } = settings;
  const failed = (method: string, detail: Record<string, unknown>) =>
    warn.warn(
      `slack-call:${method}:${String(detail.code ?? detail.status ?? detail.error)}`,
      { method, ...detail },
      `Slack call ${method} failed`,
    );

  const apiCall = async (url: string, init: RequestInit | undefined, method: string) => {
    let response: Response;
    try {
      response = await realFetch(url, init);
    } catch (error) {
      failed(method, { error: (error as Error).message });
      throw error;
    }
    if (response.status !== 200) {
      failed(method, { status: response.status });
      return response;
    }
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { ok?: boolean; error?: string } | null;
    if (body && body.ok === false && typeof body.error === "string") {
      failed(method, { code: body.error });
      if (REJECTED_TOKEN_CODES.has(body.error)) settings.onRejectedToken(body.error);
    }
    return response;
  };

  // Bolt's respond() makes one plain fetch with no timeout; give it the same bounds.
  const responseUrlCall = async (url: string, init: RequestInit | undefined) => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= limits.retries;
      try {
        const response = await realFetch(url, { ...init, signal: AbortSignal.timeout(limits.timeoutMs) });
        if (response.ok || (response.status < 500 && response.status !== 429) || last) {
          if (!response.ok) failed("response_url", { status: response.status });
          return response;
        }
        failed("response_url", { status: response.status, retrying: true });
      } catch (error) {
        failed("response_url", { error: (error as Error).message, ...(last ? {} : { retrying: true }) });
        if (last) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  };

  return (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    return url.startsWith(base) ? apiCall(url, init, url.slice(base.length)) : responseUrlCall(url, init);
  };
}
