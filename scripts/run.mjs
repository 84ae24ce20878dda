// Runs a TypeScript entry point of this project (`node scripts/run.mjs src/main.ts [args]`) the
// fast way: esbuild bundles our sources (not node_modules) in about a tenth of a second, and Node
// loads the result natively. Through tsx's loader every module, dependencies included, crossed a
// loader thread, and the first run transpiled file by file: 2 to 4 s before the first answer on a
// 2-core machine, against well under one. Plain JavaScript on purpose: nothing here needs a loader.
//
// The bundle is content-addressed (file names carry a hash of their contents), so concurrent starts
// and stale builds never collide, and a folder built in advance (the Docker image) is only read.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KEEP_DAYS = 7;
const BUNDLED = new Set(["zod"]);
// The document reader's worker thread loads this; bundled too, it needs no tsx (read-worker.mjs).
const READER = join(ROOT, "src", "core", "read-document-file.ts");
const LAUNCHER = relative(ROOT, fileURLToPath(import.meta.url));

// Each module keeps its own `import.meta.url` (files beside it, the English data's cache, the
// store's worker), as if it were run from its source file.
const ownImportMetaUrl = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mjs)$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      return {
        contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith(".mjs") ? "js" : args.path.endsWith(".tsx") ? "tsx" : "ts",
      };
    });
  },
};

/** Every dependency but the ones worth bundling, with their subpaths. */
function externals() {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => !BUNDLED.has(n));
  return names.flatMap((n) => [n, `${n}/*`]);
}

/** Bundles `entry` in memory; returns its files (names with content hashes) and the entry's name. */
async function bundle(entry) {
  // Loaded only to build: an unchanged project starts without it.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [resolve(ROOT, entry), ...(existsSync(READER) ? [READER] : [])],
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Dependencies load from node_modules as usual, except zod: its 99 modules, read one by one,
    // took longer than all of ours, and it needs no files of its own.
    external: externals(),
    outdir: CACHE_DIR,
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    sourcemap: "linked",
    write: false,
    metafile: true,
    logLevel: "error",
    plugins: [ownImportMetaUrl],
  });
  // Dynamic imports are entry points too (their own chunks): pick the one that was asked for.
  const asked = resolve(ROOT, entry);
  const output = (path) =>
    Object.entries(result.metafile.outputs).find(
      ([, o]) => o.entryPoint && resolve(o.entryPoint) === path,
    )?.[0];
  const main = output(asked);
  const reader = output(READER);
  // This script too: a change to how the bundle is made makes a new one.
  const inputs = [...Object.keys(result.metafile.inputs).map((p) => relative(ROOT, resolve(p))), LAUNCHER];
  return {
    files: result.outputFiles.map((f) => ({ name: basename(f.path), contents: f.contents })),
    manifest: {
      root: ROOT,
      main: basename(main),
      reader: reader ? basename(reader) : null,
      inputs: stamps(inputs),
    },
  };
}

/** Writes what the folder lacks (atomically), then the manifest; false when it cannot be written. */
function writeMissing(dir, files, manifest) {
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const path = join(dir, f.name);
      if (existsSync(path)) continue;
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, f.contents);
      renameSync(tmp, path);
    }
    const tmp = join(dir, `${manifest.name}.${process.pid}.tmp`);
    writeFileSync(tmp, manifest.contents);
    renameSync(tmp, join(dir, manifest.name));
    return true;
  } catch {
    return files.every((f) => existsSync(join(dir, f.name)));
  }
}

/** Old builds (a week unused) go; a running bot's lazily loaded chunks are far younger. */
async function prune(dir, keep) {
  const cutoff = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
  for (const name of await readdir(dir).catch(() => [])) {
    if (keep.has(name)) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).atimeMs < cutoff && statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    } catch {}
  }
}

/** Where the bundle goes: the project's cache folder, or a temporary one if that is read-only. */
const CACHE_DIR = join(ROOT, "node_modules", ".cache", "campaign-bot", "run");

/** Each input's modification time and size, to tell whether a build is still current. */
function stamps(paths) {
  const out = {};
  for (const p of paths) {
    const st = statSync(resolve(ROOT, p));
    out[p] = `${st.mtimeMs}:${st.size}`;
  }
  return out;
}

/** The manifest of an earlier build whose sources are all unchanged, or null. */
function current(dir, entry) {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, `${basename(entry)}.json`), "utf8"));
    const now = stamps(Object.keys(manifest.inputs));
    // The bundle holds its sources' paths (import.meta.url): a moved project builds again.
    const same =
      manifest.root === ROOT &&
      LAUNCHER in manifest.inputs &&
      Object.entries(manifest.inputs).every(([p, s]) => now[p] === s);
    return same && existsSync(join(dir, manifest.main)) ? manifest : null;
  } catch {
    return null;
  }
}

async function main() {
  const [flag] = process.argv.slice(2);
  const buildOnly = flag === "--build";
  const [entry, ...args] = process.argv.slice(buildOnly ? 3 : 2);
  if (!entry) {
    process.stderr.write("usage: node scripts/run.mjs [--build] src/main.ts [arguments]\n");
    process.exit(2);
  }
  const fallback = join(tmpdir(), `campaign-bot-run-${process.getuid?.() ?? "user"}`);
  // Unchanged sources since the last start: no esbuild at all (stat-ing the inputs takes a few ms).
  let dir = CACHE_DIR;
  let built = buildOnly ? null : current(CACHE_DIR, entry);
  if (!built && !buildOnly) {
    built = current(fallback, entry);
    if (built) dir = fallback;
  }
  if (!built) {
    const fresh = await bundle(entry);
    const manifest = { name: `${basename(entry)}.json`, contents: JSON.stringify(fresh.manifest) };
    if (!writeMissing(dir, fresh.files, manifest)) {
      dir = fallback;
      if (!writeMissing(dir, fresh.files, manifest))
        throw new Error(`cannot write the bundle to ${CACHE_DIR} or ${fallback}`);
    }
    built = fresh.manifest;
    void prune(dir, new Set([...fresh.files.map((f) => f.name), manifest.name]));
  }
  if (buildOnly) return;
  // Stack traces name the TypeScript sources.
  process.setSourceMapsEnabled(true);
  // The program reads its arguments as if started directly: `node src/cli.ts --json`.
  process.argv = [process.argv[0], resolve(ROOT, entry), ...args];
  if (built.reader) process.env.CAMPAIGN_BOT_READER_BUNDLE = pathToFileURL(join(dir, built.reader)).href;
  await import(pathToFileURL(join(dir, built.main)).href);
}

await main();
