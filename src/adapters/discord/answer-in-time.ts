import { within } from "../../app/within";

/**
 * Answers an interaction within Discord's 3-second window: if the answer is ready within
 * `deferAfterMs` (about 2 s) it is the callback itself; otherwise the bot defers ("thinking…")
 * and edits the deferred reply when the answer is ready. Generic over the message type so it is
 * testable with a fake interaction and fake timers.
 */

export interface DeferrableInteraction<M> {
  reply(message: M): Promise<unknown>;
  deferReply(options: { ephemeral: boolean }): Promise<unknown>;
  editReply(message: M): Promise<unknown>;
}

export const DEFER_AFTER_MS = 2_000;

export async function answerInTime<M>(
  interaction: DeferrableInteraction<M>,
  answer: Promise<M>,
  options: { deferAfterMs?: number; ephemeral: boolean },
): Promise<"replied" | "deferred"> {
  const first = await within(answer, options.deferAfterMs ?? DEFER_AFTER_MS, LATE);
  if (first !== LATE) {
    await interaction.reply(first);
    return "replied";
  }
  await interaction.deferReply({ ephemeral: options.ephemeral });
  await interaction.editReply(await answer);
  return "deferred";
}

const LATE = Symbol("late");
