import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ControlView } from "../../app/layout";
import type { BotApp, Incoming } from "../../app/pipeline";
import type { Adapter } from "../adapter";
import { markable, renderText } from "./render";

/**
 * A local chat in the terminal, and the test harness for everything above the platform seam:
 * `say(text)` returns exactly what a user would read.
 */

export interface ConsoleOptions {
  app: BotApp;
  /** what the greeting counts: the documents and facts loaded */
  size?: () => { documents: number; facts: number };
  input: Readable;
  output: Writable;
  /** print a greeting and a prompt (interactive use) */
  interactive: boolean;
  /** called when input ends */
  onEnd?: () => void;
}

// In the terminal, commands are typed bare ("topics"), not after "/campaign". The person at the
// terminal runs the bot: the report is theirs to see, and nothing limits how fast they ask.
const FROM: Incoming = { platform: "console", user: "console", prefix: "", operator: true };

/** "good" / "bad" (or 👍 / 👎) typed after an answer rate it. */
export function feedbackWord(text: string): "good" | "bad" | null {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, "");
  if (word === "good" || word === "👍") return "good";
  if (word === "bad" || word === "👎") return "bad";
  return null;
}

export class ConsoleAdapter implements Adapter {
  readonly name = "console";
  private readline: ReturnType<typeof createInterface> | null = null;
  private readonly bold: (s: string) => string;
  /** the last answered question's log id: what "good" / "bad" rate */
  private lastQuestionId: string | null = null;
  /** the last reply's numbered passages: typing a number clicks its "This answered it" */
  private lastPassages: ControlView[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleOptions) {
    const tty = (options.output as { isTTY?: boolean }).isTTY === true;
    this.bold = tty ? (s) => `\u001b[1m${s}\u001b[22m` : (s) => s;
  }

  /** Answers one line of input as the bot would, rendered as text. Never throws (the app answers errors). */
  async say(text: string): Promise<string> {
    const { app } = this.options;
    // "/help", "/topics" run that command; "/other" is a command this bot does not have;
    // "/campaign ..." and plain text are questions (or a bare command word).
    const slash = /^\s*\/([^\s/]+)\s*(.*)$/s.exec(text);
    const layout =
      slash && slash[1] !== app.commandName
        ? await app.command(FROM, slash[1] as string, slash[2] ?? "")
        : await app.text(FROM, text);
    if (layout.questionId) {
      this.lastQuestionId = layout.questionId;
      this.lastPassages = markable(layout).flatMap((p) => p.controls.slice(0, 1));
    }
    return renderText(layout, this.bold);
  }

  /**
   * Like `say`, and "good" / "bad" rate the last answer (the terminal's 👍 / 👎), and a passage's
   * number marks it as what answered the last question (the terminal's "This answered it").
   */
  async respond(text: string): Promise<string> {
    // A number the last reply gave a passage: "this answered it" for that passage.
    const picked = /^\s*(\d{1,2})\s*$/.exec(text);
    const control = picked ? this.lastPassages[Number(picked[1]) - 1] : undefined;
    if (control) return renderText(await this.options.app.control(FROM, control.name, control.payload));
    const vote = feedbackWord(text);
    if (!vote) return this.say(text);
    const layout = await this.options.app.control(FROM, "feedback", `${vote}:${this.lastQuestionId ?? ""}`);
    return renderText(layout)
      .replace("marked the answer", "marked the last answer")
      .replace("ask a question first", 'ask a question, then type "good" or "bad"');
  }

  async start(): Promise<void> {
    const { input, output, interactive } = this.options;
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
      const size = this.options.size?.() ?? { documents: 0, facts: 0 };
      write(
        `Local chat: ${size.facts} facts from ${size.documents} document(s). Ask a question, or type "help". Ctrl-D quits.\n` +
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
