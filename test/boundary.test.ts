import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, layerViolations } from "../scripts/check-imports";

/** The core and the command handlers know no platform: a new platform is only a new adapter. */

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const PLATFORM =
  /from\s+["'](discord\.js|@discordjs\/[^"']+|@slack\/[^"']+)["']|import\(\s*["'](discord\.js|@slack\/)/;

describe("the platform seam", () => {
  it.each([["src/core"], ["src/app"], ["src/store"]])("%s imports no platform library", (dir) => {
    const files = tsFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(PLATFORM);
  });

  it("src/core imports nothing from the adapters or the app around it", () => {
    for (const file of tsFiles("src/core")) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/from\s+["']\.\.\/(adapters|config|logger|main)/);
    }
  });

  it("only src/config.ts reads process.env", () => {
    const readers = tsFiles("src").filter((f) => /process\.env\.[A-Z_]+/.test(readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });

  it("has no import cycle in src/, type-only imports included", () => {
    // The last one (answer.ts <-> learning/use.ts) went when the answer's types and passage shape
    // left answer.ts (answer-types.ts, answer-fact.ts); a new cycle fails here.
    expect(cycles()).toEqual([]);
  });

  it("has no import against the layers: core, store, app, adapters, each importing only below", () => {
    expect(layerViolations()).toEqual([]);
  });

  it("names no platform outside the adapters, and compares no command's name", () => {
    const outside = [...tsFiles("src/core"), ...tsFiles("src/app"), ...tsFiles("src/store")];
    for (const file of outside) {
      const text = readFileSync(file, "utf8").replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "");
      expect(text, file).not.toMatch(/["'`](slack|discord|console)["'`]|\b(Slack|Discord)\b/);
    }
    for (const file of tsFiles("src")) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(
        /\.name\s*[!=]==\s*["'](ask|help|report|topics|source)["']/,
      );
    }
  });
});
