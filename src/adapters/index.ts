import { discord } from "./discord";
import { slack } from "./slack";

/**
 * Every chat platform, in one place: the configuration reads their sections from here, and
 * `npm start` starts each one whose variables are set (the terminal chat when none is).
 */
export const ADAPTERS = [slack, discord] as const;
