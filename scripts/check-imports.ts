import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run check:imports`: the layers of src/ as folders, checked. Every relative import (type-only
 * and dynamic ones too) is read; the script lists import cycles and imports that run against the
 * layering below, and exits 1 if there is any. test/boundary.test.ts runs the same checks.
 */

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** Which layer a file of src/ belongs to, and the layers it may import from. */
export const LAYERS: Array<{ layer: string; files: RegExp; mayImport: string[] }> = [
  { layer: "core", files: /^src\/core\//, mayImport: ["core"] },
  { layer: "store", files: /^src\/store\//, mayImport: ["store", "core", "shared"] },
  // The teacher's report: a pure view of the store's rows, which the app's report command shows.
  { layer: "report", files: /^src\/report\//, mayImport: ["report", "store", "core", "shared"] },
  { layer: "app", files: /^src\/app\//, mayImport: ["app", "report", "store", "core", "shared"] },
  // An adapter knows the app and its own folder, never another platform's.
  { layer: "adapter", files: /^src\/adapters\//, mayImport: ["adapter", "app", "core", "shared"] },
  // The teacher's page's start-up glue (reads the configuration and what startup built): root.
  {
    layer: "root",
    files: /^src\/web\/for-bot\.ts$/,
    mayImport: ["root", "adapter", "web", "app", "report", "store", "core", "shared"],
  },
  // The teacher's page: a surface beside the chat adapters, over the app, the store and the core.
  { layer: "web", files: /^src\/web\//, mayImport: ["web", "app", "report", "store", "core", "shared"] },
  // Leaf utilities every layer may use: they import nothing of the project but each other.
  {
    layer: "shared",
    files: /^src\/(logger|rate-limit|log-throttle|dedupe|config-fields)\.ts$/,
    mayImport: ["shared"],
  },
  // The composition root: reads the configuration, starts the layers.
  {
    layer: "root",
    files: /^src\/[^/]+\.ts$/,
    mayImport: ["root", "adapter", "web", "app", "report", "store", "core", "shared"],
  },
];

export function layerOf(file: string): string {
  return LAYERS.find((l) => l.files.test(file))?.layer ?? "outside";
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function resolveImport(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate;
    } catch {}
  }
  return null;
}

/** Each file of src/ with the project files it imports. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles("src")) {
    const text = readFileSync(join(ROOT, file), "utf8");
    const specs = [
      ...text.matchAll(/\b(?:import|export)\s[^"';]*?\bfrom\s*["']([^"']+)["']/g),
      ...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1] as string);
    graph.set(
      relative(ROOT, join(ROOT, file)),
      specs.filter((s) => s.startsWith(".")).flatMap((s) => resolveImport(file, s) ?? []),
    );
  }
  return graph;
}

/** Strongly connected groups of more than one file, or a file importing itself (Tarjan). */
export function cycles(graph = importGraph()): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || graph.get(v)?.includes(v)) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** "from -> to (layer -> layer)" for each import the layering does not allow. */
export function layerViolations(graph = importGraph()): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const rule = LAYERS.find((l) => l.files.test(from));
    for (const to of targets) {
      const target = layerOf(to);
      const sameAdapter = (a: string, b: string) => {
        const platform = (f: string) => /^src\/adapters\/([^/]+)\//.exec(f)?.[1] ?? null;
        return platform(a) === null || platform(b) === null || platform(a) === platform(b);
      };
      if (
        !rule?.mayImport.includes(target) ||
        (target === "adapter" && rule.layer === "adapter" && !sameAdapter(from, to))
      )
        out.push(`${from} -> ${to} (${rule?.layer ?? "outside"} -> ${target})`);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const found = cycles(graph);
  const wrong = layerViolations(graph);
  const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
  process.stdout.write(
    `${graph.size} files, ${edges} imports: ${found.length} cycles, ${wrong.length} imports against the layers\n`,
  );
  for (const c of found) process.stdout.write(`cycle: ${c.join(" <-> ")}\n`);
  for (const w of wrong) process.stdout.write(`layer: ${w}\n`);
  process.exitCode = found.length || wrong.length ? 1 : 0;
}
