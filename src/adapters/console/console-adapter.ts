import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { CommandContext } from "../../../commands";
import { dispatchText, errorReply, newReference, runCommand } from "../../dispatch";
import type { Adapter } from "../adapter";
import { feedbackWord, rateLastAnswer } from "./feedback";
import { renderText } from "./render";

/**
 * A local chat in the terminal, and the test harness for everything above the platform seam:
 * `say(text)` returns exactly what a user would read.
 */

export interface ConsoleOptions {
  context: CommandContext;
  input: Readable;
  output: Writable;
  /** print a greeting and a prompt (interactive use) */
  interactive: boolean;
  /** called when input ends */
  onEnd?: () => void;
}

const USER = { id: "console", name: "you" };
// In the terminal, commands are typed bare ("topics"), not after "/campaign".
const REQUEST = { user: USER, platform: "console", prefix: "" };

export class ConsoleAdapter implements Adapter {
  readonly name = "console";
  private readline: ReturnType<typeof createInterface> | null = null;
  private readonly bold: (s: string) => string;
  /** the last answered question's log id: what "good" / "bad" rate */
  private lastQuestionId: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleOptions) {
    const tty = (options.output as { isTTY?: boolean }).isTTY === true;
    this.bold = tty ? (s) => `\u001b[1m${s}\u001b[22m` : (s) => s;
  }

  /** Answers one line of input as the bot would, rendered as text. Never throws. */
  async say(text: string): Promise<string> {
    try {
      const { context } = this.options;
      // "/help", "/topics" run that command; "/other" is a command this bot does not have;
      // "/campaign ..." and plain text are questions (or a bare command word).
      const slash = /^\s*\/([^\s/]+)\s*(.*)$/s.exec(text);
      // The person at the terminal runs the bot: the report is theirs to see.
      const request = { ...REQUEST, admin: true };
      const reply =
        slash && slash[1] !== context.commandName
          ? await runCommand(slash[1] as string, { ...request, text: slash[2] ?? "" }, context)
          : await dispatchText(text, request, context);
      if (reply.questionId) this.lastQuestionId = reply.questionId;
      return renderText(reply, this.bold);
    } catch (error) {
      const reference = newReference();
      this.options.context.logger.error({ err: error, reference }, "console reply failed");
      return renderText(errorReply(reference));
    }
  }

  /** Like `say`, and "good" / "bad" rate the last answer. */
  async respond(text: string): Promise<string> {
    const vote = feedbackWord(text);
    if (!vote) return this.say(text);
    return rateLastAnswer(this.options.context, this.lastQuestionId, vote, USER.id);
  }

  async start(): Promise<void> {
    const { input, output, interactive, context } = this.options;
    const rl = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
    this.readline = rl;
    // Output closed early (`npm start | head -3`): stop reading, end quietly, no EPIPE stack.
    let closed = false;
    output.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
      closed = true;
      rl.close();
    });
    const write = (text: string) => {
      if (!closed) output.write(text);
    };
    if (interactive) {
      const { index } = context;
      write(
        `Local chat: ${index.size} facts from ${index.documents.length} document(s). Ask a question, or type "help". Ctrl-D quits.\n` +
          "To answer in Slack or Discord instead, set SLACK_BOT_TOKEN or DISCORD_TOKEN (see README).\n> ",
      );
    }
    // One line at a time, in order: rating an answer waits on the store.
    rl.on("line", (line) => {
      this.queue = this.queue.then(async () => {
        // An empty line in the chat shows help, as the README says; piped blank lines are skipped.
        if (line.trim() || interactive) write(`${await this.respond(line)}\n${interactive ? "" : "\n"}`);
        if (interactive) write("> ");
      });
    });
    rl.on("close", () => {
      void this.queue.then(() => {
        if (interactive) write("\n");
        this.options.onEnd?.();
      });
    });
  }

  async stop(): Promise<void> {
    this.readline?.close();
    this.readline = null;
  }
}
