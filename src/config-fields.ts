import { z } from "zod";

/**
 * The kinds of value configuration is made of, for src/config.ts and each adapter's own section
 * (src/adapters/<platform>/config.ts). A section is a zod object, the secrets it holds (never echoed
 * in an error), a hint per variable, and the checks that need several variables at once.
 */

export interface ConfigSection<Shape extends z.ZodRawShape = z.ZodRawShape> {
  schema: z.ZodObject<Shape>;
  /** variables never echoed back in an error or a log (they may hold a real token) */
  secrets: readonly string[];
  /** how to fix each variable, appended to its error */
  hints: Record<string, string>;
  /** problems only several variables together show, each naming the variable to fix */
  check?: (config: z.infer<z.ZodObject<Shape>>) => string[];
}

export const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

// zod's own string booleans: true/false, 1/0, yes/no, on/off (any case).
export const booleanFlag = z.stringbool({ error: "must be true or false" }).default(false);

// zod's own coercion from the environment's strings, with the range in the message.
export const intInRange = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

export const urlString = optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: "must be an http(s) URL",
});

export function prefixedToken(prefix: string) {
  return optionalString.refine((v) => v === undefined || v.startsWith(prefix), {
    message: `must start with "${prefix}"`,
  });
}
