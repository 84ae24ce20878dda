import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

/**
 * The README promises the Node version in package.json's `engines`: every locked package, dev ones
 * included, must accept its oldest release, or `npm install` warns EBADENGINE on it.
 */

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

describe("supported Node versions", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
    packages: Record<string, LockedPackage>;
  };
  const oldest = semver.minVersion(pkg.engines.node)?.version as string;

  it("every locked package accepts the oldest Node the project supports", () => {
    expect(oldest).toMatch(/^20\./);
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => {
        const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
        return path !== "" && range !== undefined && !semver.satisfies(oldest, range);
      })
      .map(([path, p]) => `${path}@${p.version}`);
    expect(refusing).toEqual([]);
  });

  it("the README names that version", () => {
    expect(readFileSync("README.md", "utf8")).toContain(`Node ${oldest.replace(/\.\d+$/, "")}`);
  });
});
