import { ask } from "./ask";
import { forget } from "./forget";
import { help } from "./help";
import { page } from "./page";
import { report } from "./report";
import { source } from "./source";
import { teach } from "./teach";
import { topics } from "./topics";
import type { Command } from "./types";

/**
 * The one registry: Discord registers these, the Slack manifest lists them, help shows them, and
 * the pipeline routes through `route`. A new command is a new file here and one line below.
 */
export const commands: readonly Command[] = [ask, topics, source, report, teach, forget, page, help];

export type {
  ChartImage,
  Command,
  CommandContext,
  CommandOption,
  CommandReply,
  CommandRequest,
  TeacherPageLinks,
} from "./types";
