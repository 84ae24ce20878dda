import type { z } from "zod";
import type { BotApp } from "../app/pipeline";
import type { ConfigSection } from "../config-fields";
import type { Logger } from "../logger";

/** What main needs from every running platform adapter: a name, and a way to start and stop it. */
export interface Adapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new requests, finishes those under way, and releases connections. */
  stop(): Promise<void>;
  /** replies under way, reported when shutdown gives up on them at its deadline */
  pending?(): number;
}

/**
 * A platform, as src/adapters/index.ts lists it: its configuration section (a zod object, its
 * secrets and hints), when it runs, and how to build it. The platform's library is imported only
 * in `create`, so a terminal chat never waits for Bolt or discord.js. The adapter itself renders
 * the app's ReplyLayout, routes its platform's events (clicks through the app's control table) and
 * brings its own deploy step (a manifest, a command registration) under scripts/.
 */
export interface AdapterModule<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  config: ConfigSection<Shape>;
  /** runs when its variables are set (a token) */
  enabled(config: z.infer<z.ZodObject<Shape>>): boolean;
  create(deps: {
    config: z.infer<z.ZodObject<Shape>> & { COMMAND_NAME: string };
    app: BotApp;
    logger: Logger;
    /** stops the whole process with this message (a token rejected after start-up) */
    onFatal: (message: string) => void;
  }): Promise<Adapter>;
}
