import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { pgliteTemplate } from "./pglite-template";

/**
 * Vitest's global setup, once per run: the empty PGlite data folder the tests' stores start from
 * (pglite-template.ts), and the bundles of what npm start, ask and report run (scripts/run.mjs
 * --build), which every process a test starts then finds ready instead of several building at once.
 */

const BUILD_TIMEOUT_MS = 120_000;

export default async function setup(project: TestProject) {
  const build = (entry: string) =>
    promisify(execFile)(process.execPath, ["scripts/run.mjs", "--build", entry], {
      timeout: BUILD_TIMEOUT_MS,
    });
  const [template] = await Promise.all([
    pgliteTemplate(),
    build("src/main.ts"),
    build("src/cli.ts"),
    build("scripts/report.ts"),
  ]);
  project.provide("pgliteTemplate", template);
}
