import { readFileSync } from "node:fs";
import { rng } from "./synthetic";

/**
 * The shape of question the bot mostly cannot answer: "how many w1 w2 w3" from random words of the
 * bundled article, asked of the synthetic corpora, whose made-up words lack them. The replies are
 * "I don't know" or "I'm not sure", with suggested questions and passages also close: work an
 * answered question never does, so the bench measures both shapes side by side.
 */
export function unansweredQuestions(count: number, seed = 7): string[] {
  const text = readFileSync("data/women-making-achievements.txt", "utf8").toLowerCase();
  const words = [...new Set(text.match(/[a-z]{3,}/g) ?? [])];
  const random = rng(seed);
  const pick = () => words[Math.floor(random() * words.length)] as string;
  return Array.from({ length: count }, () => `how many ${pick()} ${pick()} ${pick()}`);
}
