/**
 * `list(prefix)` of the local adapter: walks only the folders a prefix can reach, skips the
 * adapter's own `.tmp/` and `.meta/`, and sorts by key as S3 does, so a retention job sees
 * the same order on either adapter.
 *
 * @module
 */
import { join } from "node:path";
import type { StorageEntry } from "./storage.ts";

/** Every file under `root` whose key starts with `prefix` (already checked), sorted by key. */
export async function listFiles(root: string, prefix: string): Promise<StorageEntry[]> {
  const base = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
  const found: StorageEntry[] = [];
  await walk(base ? join(root, base) : root, base, prefix, found);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function walk(dir: string, keyDir: string, prefix: string, out: StorageEntry[]) {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) return;
    throw err;
  }
  for (const entry of entries) {
    if (!keyDir && entry.name.startsWith(".")) continue; // .tmp/, .meta/
    const key = keyDir ? `${keyDir}/${entry.name}` : entry.name;
    if (entry.isDirectory) {
      if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) {
        await walk(join(dir, entry.name), key, prefix, out);
      }
    } else if (entry.isFile && key.startsWith(prefix)) {
      // A file deleted between readDir and stat is simply not listed.
      const info = await Deno.stat(join(dir, entry.name)).catch(() => null);
      if (info) out.push({ key, size: info.size, lastModified: info.mtime ?? new Date(0) });
    }
  }
}
