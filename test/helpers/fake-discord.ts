import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { DiscordConfig } from "../../src/adapters/discord/discord-adapter";
import { waitFor } from "./wait";

/**
 * A fake Discord on 127.0.0.1 (a token containing "rejected" gets 401, as a revoked one would): REST (GET /gateway/bot, interaction callbacks, @original edits,
 * command registration, channel messages) and a gateway WebSocket (HELLO, IDENTIFY -> READY,
 * heartbeat ACK, then whatever dispatches a test sends). It records everything the client sends.
 */

export const BOT_ID = "100000000000000001";
export const APP_ID = "100000000000000002";

export interface RestCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

export interface FakeDiscord {
  apiUrl: string;
  calls: RestCall[];
  identify: Array<Record<string, unknown>>;
  /** heartbeats (op 1) received, each answered with an ACK (op 11) */
  heartbeats(): number;
  /** gateway connections the client closed */
  closes(): number;
  /** makes the next request whose path matches fail with a 400, as Discord does for a bad body */
  failNext(path: RegExp): void;
  /** answers the next `times` requests whose path matches with a 429 asking to wait `retryAfterS` */
  rateLimit(path: RegExp, retryAfterS: number, times: number): void;
  /** closes every gateway connection with this close code (4004: authentication failed) */
  closeGateway(code: number): void;
  /** sends a gateway dispatch (op 0) to the connected client */
  dispatch(event: string, data: unknown): void;
  waitFor<T>(find: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startFakeDiscord(
  options: {
    heartbeatMs?: number;
    /** close IDENTIFY with this code instead of READY */
    identifyClose?: number;
    /** the shard count GET /gateway/bot recommends */
    shards?: number;
  } = {},
): Promise<FakeDiscord> {
  const calls: RestCall[] = [];
  const identify: Array<Record<string, unknown>> = [];
  const sockets = new Set<WebSocket>();
  let seq = 0;
  let messageId = 500000000000000000n;
  const failures: RegExp[] = [];
  const rateLimits: Array<{ path: RegExp; retryAfterS: number; left: number }> = [];
  const heartbeats = { count: 0 };
  let closes = 0;

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/api\/v\d+/, "");
    let body: unknown = text;
    if ((req.headers["content-type"] ?? "").includes("json") && text) body = JSON.parse(text);
    calls.push({ method: req.method ?? "GET", path, body, authorization: req.headers.authorization });
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const limited = rateLimits.find((r) => r.left > 0 && r.path.test(path));
    if (limited) {
      limited.left--;
      res.writeHead(429, {
        "content-type": "application/json",
        "retry-after": String(limited.retryAfterS),
        "x-ratelimit-scope": "user",
      });
      res.end(
        JSON.stringify({
          message: "You are being rate limited.",
          retry_after: limited.retryAfterS,
          global: false,
        }),
      );
      return;
    }
    const failing = failures.findIndex((re) => re.test(path));
    if (failing >= 0) {
      failures.splice(failing, 1);
      return json(400, { message: "Invalid Form Body", code: 50035 });
    }
    const port = (server.address() as AddressInfo).port;
    const message = (content: Record<string, unknown>) =>
      messagePayload({ id: String(++messageId), ...content });
    if ((req.headers.authorization ?? "").includes("rejected")) {
      return json(401, { message: "401: Unauthorized", code: 0 });
    }
    if (req.method === "GET" && path === "/gateway/bot") {
      return json(200, {
        url: `ws://127.0.0.1:${port}`,
        shards: options.shards ?? 1,
        // Shards may identify together (as large bots' buckets allow), so tests wait for none.
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
      });
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      res.writeHead(204).end();
      return;
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path))
      return json(200, message(body as Record<string, unknown>));
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path)) return json(200, message(body as Record<string, unknown>));
    if (req.method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      return json(
        200,
        (body as Array<Record<string, unknown>>).map((c, i) => ({
          id: String(900 + i),
          application_id: APP_ID,
          version: "1",
          ...c,
        })),
      );
    }
    if (req.method === "POST" && /^\/channels\/\d+\/messages$/.test(path))
      return json(200, message(body as Record<string, unknown>));
    return json(404, { message: "Unknown route", code: 0 });
  });

  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => {
      sockets.delete(ws);
      closes++;
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: options.heartbeatMs ?? 41250 } }));
    ws.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (payload.op === 1) {
        heartbeats.count++;
        ws.send(JSON.stringify({ op: 11 }));
      }
      if (payload.op === 2) {
        identify.push(payload.d);
        if (options.identifyClose) {
          ws.close(options.identifyClose, "Authentication failed.");
          return;
        }
        const port = (server.address() as AddressInfo).port;
        ws.send(
          JSON.stringify({
            op: 0,
            t: "READY",
            s: ++seq,
            d: {
              v: 10,
              user: {
                id: BOT_ID,
                username: "campaignbot",
                discriminator: "0000",
                avatar: null,
                bot: true,
                global_name: null,
                flags: 0,
              },
              guilds: [],
              session_id: "fake-session",
              resume_gateway_url: `ws://127.0.0.1:${port}`,
              shard: (payload.d.shard as [number, number] | undefined) ?? [0, 1],
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  return {
    apiUrl,
    calls,
    identify,
    heartbeats: () => heartbeats.count,
    closes: () => closes,
    failNext(path) {
      failures.push(path);
    },
    rateLimit(path, retryAfterS, times) {
      rateLimits.push({ path, retryAfterS, left: times });
    },
    closeGateway(code) {
      for (const ws of sockets) ws.close(code, "Authentication failed.");
    },
    dispatch(event, data) {
      for (const ws of sockets) ws.send(JSON.stringify({ op: 0, t: event, s: ++seq, d: data }));
    },
    waitFor,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A message as Discord sends it; by default one the bot itself posted in the class channel. */
export function messagePayload(fields: Record<string, unknown>) {
  return {
    id: "800000000000000000",
    channel_id: "300000000000000001",
    author: { id: BOT_ID, username: "campaignbot", discriminator: "0000", avatar: null, bot: true },
    content: "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...fields,
  };
}

let interactionId = 700000000000000000n;

/** An INTERACTION_CREATE payload as Discord sends it for a guild member. */
export function interaction(
  type: 2 | 3 | 4,
  data: Record<string, unknown>,
  userId = "200000000000000001",
  extra: Record<string, unknown> = {},
) {
  const id = String(++interactionId);
  return {
    id,
    application_id: APP_ID,
    type,
    data,
    guild_id: "400000000000000001",
    channel_id: "300000000000000001",
    channel: { id: "300000000000000001", type: 0, guild_id: "400000000000000001", name: "class" },
    member: {
      user: {
        id: userId,
        username: `student${userId.slice(-3)}`,
        discriminator: "0",
        avatar: null,
        global_name: "Student",
      },
      roles: [],
      permissions: "2248473465835073",
      joined_at: "2024-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
    },
    token: `interaction-token-${id}-${"x".repeat(40)}`,
    version: 1,
    app_permissions: "2248473465835073",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: { "0": "400000000000000001" },
    context: 0,
    attachment_size_limit: 8388608,
    ...extra,
  };
}

export function slashCommand(name: string, question: string | null, userId?: string) {
  const options = question === null ? [] : [{ name: "question", type: 3, value: question }];
  return interaction(2, { id: "900", name, type: 1, options }, userId);
}

export function autocomplete(name: string, partial: string, userId?: string) {
  return interaction(
    4,
    { id: "900", name, type: 1, options: [{ name: "question", type: 3, value: partial, focused: true }] },
    userId,
  );
}

export function buttonClick(customId: string, userId?: string) {
  return interaction(3, { custom_id: customId, component_type: 2 }, userId, {
    message: messagePayload({ id: "600000000000000001", type: 20, components: [], flags: 0 }),
  });
}

/** GUILD_CREATE for the test server, with its #class channel (300000000000000009) that messages use. */
export function guildCreatePayload() {
  return {
    id: "400000000000000001",
    name: "School",
    icon: null,
    owner_id: "200000000000000001",
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: "400000000000000001",
        name: "@everyone",
        permissions: "1071698660929",
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: "en-US",
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: "2024-01-01T00:00:00.000Z",
    large: false,
    member_count: 2,
    members: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    threads: [],
    stickers: [],
    channels: [
      {
        id: "300000000000000009",
        type: 0,
        name: "class",
        position: 0,
        permission_overwrites: [],
        guild_id: "400000000000000001",
      },
    ],
  };
}

/** The Discord adapter's configuration for a test against the fake at `apiUrl`. */
export function testDiscordConfig(apiUrl: string, overrides: Partial<DiscordConfig> = {}): DiscordConfig {
  return {
    DISCORD_TOKEN: "fake-bot-token.for.tests",
    DISCORD_API_URL: apiUrl,
    DISCORD_REPLY_VISIBILITY: "public",
    DISCORD_MESSAGE_CONTENT: false,
    COMMAND_NAME: "campaign",
    ...overrides,
  };
}
