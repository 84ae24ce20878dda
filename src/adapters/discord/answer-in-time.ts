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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), options.deferAfterMs ?? DEFER_AFTER_MS);
  });
  try {
    const first = await Promise.race([answer, late]);
    if (first !== LATE) {
      await interaction.reply(first);
      return "replied";
    }
  } finally {
    clearTimeout(timer);
  }
  await interaction.deferReply({ ephemeral: options.ephemeral });
  await interaction.editReply(await answer);
  return "deferred";
}

const LATE = Symbol("late");
