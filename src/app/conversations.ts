import type { FollowUpContext } from "../core/follow-up";

/**
 * What each person last asked, where they asked it, so that "and in 2000?" can follow up "how many
 * women were trained in 1999?". Kept in this process's memory (a follow-up handled by another
 * replica stands on its own), forgotten after a few minutes, bounded in size; the clock is passed in.
 */

export interface Conversations {
  previous(key: string): FollowUpContext | null;
  remember(key: string, context: FollowUpContext): void;
}

/** Past this, a short question is a new one, not a follow-up of something asked long ago. */
export const FOLLOW_UP_MINUTES = 10;
const MAX_PEOPLE = 10_000;

export function createConversations(now: () => number, maxPeople = MAX_PEOPLE): Conversations {
  const last = new Map<string, { at: number; context: FollowUpContext }>();
  const ttl = FOLLOW_UP_MINUTES * 60_000;
  return {
    previous(key) {
      const entry = last.get(key);
      if (!entry) return null;
      if (now() - entry.at >= ttl) {
        last.delete(key);
        return null;
      }
      return entry.context;
    },
    remember(key, context) {
      // Kept in order of last question: the oldest go first when the map is full.
      last.delete(key);
      last.set(key, { at: now(), context });
      for (const oldest of last.keys()) {
        if (last.size <= maxPeople) break;
        last.delete(oldest);
      }
    },
  };
}

/** One conversation per person per channel (and per platform and workspace). */
export function conversationKey(request: {
  platform: string;
  workspace?: string | undefined;
  channel?: string | undefined;
  user: { id: string };
}): string {
  return [request.platform, request.workspace ?? "", request.channel ?? "", request.user.id].join("\u0000");
}
