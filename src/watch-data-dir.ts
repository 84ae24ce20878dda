import { type FSWatcher, watch } from "node:fs";
import { extname } from "node:path";
import { DOCUMENT_EXTENSIONS } from "./core/load";

/**
 * Watches the documents folder (subfolders too) and calls `onChange` once a burst of file events
 * has been quiet for `debounceMs`: an editor's save or a copied folder is one reload, not fifty.
 */

export interface WatchOptions {
  debounceMs?: number;
  onError?: (error: Error) => void;
}

/** Whether a changed path can matter: a document, or a folder (no extension); not hidden files. */
export function relevant(file: string | null): boolean {
  if (file === null) return true;
  const parts = file.split(/[\\/]/);
  if (parts.some((p) => p.startsWith(".") || p === "node_modules")) return false;
  const ext = extname(file).toLowerCase();
  return ext === "" || DOCUMENT_EXTENSIONS.has(ext);
}

export function watchDataDir(dir: string, onChange: () => void, options: WatchOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, file) => {
      if (!relevant(file === null ? null : String(file))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        onChange();
      }, debounceMs);
    });
  } catch (error) {
    options.onError?.(error as Error);
    return () => {};
  }
  watcher.on("error", (error) => options.onError?.(error));
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
