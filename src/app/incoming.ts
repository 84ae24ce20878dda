/** Who asked, and where, as the adapter translated it. */
export interface Incoming {
  /** the adapter's name: for the question log and per-platform state, never for branching */
  platform: string;
  /** the platform's user id (kept in memory; logs and the store get its keyed hash) */
  user: string;
  /** Slack workspace (team) or Discord guild */
  workspace?: string | null | undefined;
  channel?: string | null | undefined;
  /** may run teacher-only commands, as the platform says (ADMIN_USER_IDS, Manage Server) */
  teacher?: boolean;
  /** how someone becomes a teacher on this platform, told to those refused a teacher's command */
  teacherHint?: string;
  /** the person running the bot (the terminal): a teacher, and not rate-limited */
  operator?: boolean;
  /** what the user types before a command's name: "/campaign " by default, "" in the terminal */
  prefix?: string;
}
