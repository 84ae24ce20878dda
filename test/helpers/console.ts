import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../src/adapters/console/console-adapter";
import type { BotApp } from "../../src/app/pipeline";
import type { AppServices } from "../../src/app/services";
import { appFor } from "./corpus";

/** A terminal chat on streams nobody reads: `say(text)` returns what the user would read. */
export function quietChat(context: AppServices | BotApp): ConsoleAdapter {
  return new ConsoleAdapter({
    app: "text" in context ? context : appFor(context),
    input: new PassThrough(),
    output: new PassThrough(),
    interactive: false,
  });
}
