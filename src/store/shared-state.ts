import { type Kysely, sql } from "kysely";
import type { RateLimitDecision } from "../rate-limit";
import type { Database } from "./schema";

/**
 * What several bot processes behind one load balancer must agree on, kept in PostgreSQL: the
 * per-user rate limit (a user is counted once, whichever process they reach) and the events
 * already taken (a retry sent to another process is answered once). Each batch is one statement,
 * so the row lock of the upsert is what serializes two processes, with no transaction held open.
 */

/** Work for one round trip: event ids to claim and users to count (`hits` keys all differ). */
export interface SharedBatch {
  /** event ids: each is first only the first time any process claims it */
  seen: string[];
  /** users: each is counted unless it already has `max` hits within `windowMs` before `at` */
  hits: string[];
  max: number;
  windowMs: number;
  at: Date;
}

export interface SharedResult {
  /** the ids of `seen` that no process had claimed before */
  firstSeen: Set<string>;
  decisions: Map<string, RateLimitDecision>;
}

export interface SharedBackend {
  /** Claims event ids and counts users in one statement: one round trip for a burst of requests. */
  apply(batch: SharedBatch): Promise<SharedResult>;
  /** forgets rate-limit entries and event ids older than `before` */
  forget(before: Date): Promise<void>;
}

export function sqlSharedBackend(db: Kysely<Database>): SharedBackend {
  return {
    async apply({ seen, hits, max, windowMs, at }) {
      const since = new Date(at.getTime() - windowMs);
      // Recent hits are those after `since`; the new one is added only while there are fewer than
      // `max`. ON CONFLICT DO UPDATE sees the row as the last committed update left it. Keys must
      // differ: one statement cannot update a row twice. Both inserts are data-modifying CTEs, so
      // claiming events and counting users is one statement.
      const recent = sql`(select coalesce(array_agg(h order by h), '{}') from unnest(rate_limits.hits) h where h > ${since}::timestamptz)`;
      const result = await sql<{
        kind: "seen" | "hit";
        key: string;
        allowed: boolean | null;
        first: Date | null;
      }>`
        with claimed as (
          insert into seen_events (id, seen_at) select i, ${at}::timestamptz from unnest(${seen}::text[]) i
          on conflict (id) do nothing
          returning id
        ), counted as (
          insert into rate_limits (user_key, hits, allowed)
          select k, array[${at}::timestamptz], ${max > 0} from unnest(${hits}::text[]) k
          on conflict (user_key) do update set
            allowed = cardinality(${recent}) < ${max}::int,
            hits = case when cardinality(${recent}) < ${max}::int
                        then ${recent} || array[${at}::timestamptz] else ${recent} end
          returning user_key, allowed, hits[1] as first
        )
        select 'seen' as kind, id as key, null::boolean as allowed, null::timestamptz as first from claimed
        union all
        select 'hit', user_key, allowed, first from counted`.execute(db);
      const firstSeen = new Set<string>();
      const decisions = new Map<string, RateLimitDecision>();
      for (const row of result.rows) {
        if (row.kind === "seen") {
          firstSeen.add(row.key);
          continue;
        }
        const first = row.first ? new Date(row.first).getTime() : at.getTime();
        decisions.set(
          row.key,
          row.allowed
            ? { allowed: true, retryAfterMs: 0 }
            : { allowed: false, retryAfterMs: Math.max(0, windowMs - (at.getTime() - first)) },
        );
      }
      return { firstSeen, decisions };
    },

    async forget(before) {
      await db.deleteFrom("seen_events").where("seen_at", "<", before).execute();
      await sql`delete from rate_limits where coalesce(hits[cardinality(hits)], '-infinity') < ${before}::timestamptz`.execute(
        db,
      );
    },
  };
}
