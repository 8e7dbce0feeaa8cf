/**
 * Where the running server gets its browser bundle: `fresh-ui/static/dist/` when it was built
 * from the current sources (`deno task ui:build`), otherwise a build in memory (needs
 * `--allow-run` for esbuild). The result is kept for the life of the process: it is a pure
 * function of files that do not change while it runs, and tests create many apps.
 *
 * @module
 */
import { join } from "node:path";
import type { Logger } from "../platform/logger.ts";
import {
  buildBundle,
  bundleBytes,
  type BundleFile,
  DIST_DIR,
  hashSources,
  islandNames,
  type UiBundle,
} from "./build.ts";

/** URL prefix of the bundle's files. */
export const ASSET_PREFIX = "/ui/assets/";

/** Cache header of hashed files: a changed file gets a new name. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

interface Manifest {
  islands: Record<string, string>;
  css: string;
  inputs: string[];
  sourceHash: string;
  files: { name: string; contentType: string }[];
}

/** Reads the stored bundle when it matches the current sources; undefined otherwise. */
export async function readDist(dir = DIST_DIR): Promise<UiBundle | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  } catch {
    return undefined;
  }
  const names = await islandNames();
  const sameIslands = names.join() === Object.keys(manifest.islands).sort().join();
  if (!sameIslands || await hashSources(manifest.inputs) !== manifest.sourceHash) return undefined;
  const files = new Map<string, BundleFile>();
  for (const f of manifest.files) {
    files.set(f.name, { ...f, body: await Deno.readFile(join(dir, f.name)) });
  }
  return { ...manifest, files };
}

let cached: Promise<UiBundle> | undefined;

/**
 * The bundle, loaded or built once per process. A failed build is logged and kept as failed
 * (pages then render without their islands) rather than retried on every request.
 */
export function loadBundle(logger: Logger): Promise<UiBundle> {
  cached ??= (async () => {
    const started = performance.now();
    const stored = await readDist();
    const bundle = stored ?? await buildBundle();
    logger.info("ui bundle ready", {
      source: stored ? "dist" : "built in memory",
      files: bundle.files.size,
      bytes: bundleBytes(bundle),
      ms: Math.round(performance.now() - started),
    });
    return bundle;
  })().catch((err) => {
    logger.error("ui bundle unavailable: run `deno task ui:build` or allow esbuild to run", {
      error: err,
    });
    throw err;
  });
  return cached;
}

/** Asset URLs a page needs; empty when the bundle is unavailable. */
export interface PageAssets {
  css?: string;
  /** Island name → script URL. */
  islands: Record<string, string>;
}

/** The URLs of the bundle's stylesheet and islands, or none when the bundle failed. */
export async function pageAssets(logger: Logger): Promise<PageAssets> {
  try {
    const b = await loadBundle(logger);
    const islands: Record<string, string> = {};
    for (const [name, file] of Object.entries(b.islands)) islands[name] = ASSET_PREFIX + file;
    return { css: ASSET_PREFIX + b.css, islands };
  } catch {
    return { islands: {} };
  }
}
