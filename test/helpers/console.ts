import { PassThrough } from "node:stream";
import type { CommandContext } from "../../commands";
import { ConsoleAdapter } from "../../src/adapters/console/console-adapter";

/** A terminal chat on streams nobody reads: `say(text)` returns what the user would read. */
export function quietChat(context: CommandContext): ConsoleAdapter {
  return new ConsoleAdapter({
    context,
    input: new PassThrough(),
    output: new PassThrough(),
    interactive: false,
  });
}
