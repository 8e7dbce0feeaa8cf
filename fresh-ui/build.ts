/**
 * Builds the browser bundle: one ES module per island (`fresh-ui/islands/<name>.tsx`, hydrated
 * by `runtime/hydrate.ts`), shared chunks (Preact, the tRPC client) and the stylesheet, all
 * with content-hash names so they can be cached for a year.
 *
 * esbuild from npm runs as a child process, so building needs `--allow-run`. The server builds
 * in memory at first use when it may (tests, `deno run -A`); `deno task ui:build` (run by
 * `deno task dev` and `deno task start`) writes the same files to `fresh-ui/static/dist/` so
 * a server without that permission (Docker, Deno Deploy) only reads them.
 *
 * @module
 */
import * as esbuild from "esbuild";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../platform/hash.ts";

/** One built file. */
export interface BundleFile {
  name: string;
  contentType: string;
  body: Uint8Array;
}

/** The built UI assets. */
export interface UiBundle {
  /** Files by their hashed name (`jobs_table-3F2A….js`). */
  files: Map<string, BundleFile>;
  /** The entry file of each island, by island name. */
  islands: Record<string, string>;
  /** The stylesheet's file name. */
  css: string;
  /** Project files (relative to the project root) the bundle was built from. */
  inputs: string[];
  /** sha-256 of those inputs and of deno.lock: tells whether a stored bundle is stale. */
  sourceHash: string;
}

/** The folder of the UI sources. */
export const UI_DIR = fileURLToPath(new URL(".", import.meta.url));
/** The project root (one up from `fresh-ui/`). */
export const PROJECT_DIR = join(UI_DIR, "..");
/** Where `deno task ui:build` writes the bundle (git-ignored). */
export const DIST_DIR = join(UI_DIR, "static", "dist");

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  map: "application/json",
};

/** The island names: every `.tsx` file in `fresh-ui/islands/`. */
export async function islandNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(join(UI_DIR, "islands"))) {
    if (e.isFile && e.name.endsWith(".tsx")) names.push(e.name.slice(0, -4));
  }
  return names.sort();
}

/** sha-256 (hex) of the given project files and of deno.lock, in order. */
export async function hashSources(inputs: string[]): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const path of [...inputs, "deno.lock"]) {
    parts.push(new TextEncoder().encode(`\n${path}\n`));
    parts.push(await Deno.readFile(join(PROJECT_DIR, path)).catch(() => new Uint8Array()));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return await sha256Hex(all);
}

/** A virtual entry per island: import the component and hydrate its server-rendered markup. */
const islandEntries: esbuild.Plugin = {
  name: "island-entries",
  setup(build) {
    build.onResolve({ filter: /^island:/ }, (args) => ({
      path: args.path.slice("island:".length),
      namespace: "island",
    }));
    build.onLoad({ filter: /.*/, namespace: "island" }, (args) => ({
      contents: [
        `import Island from ${JSON.stringify(join(UI_DIR, "islands", `${args.path}.tsx`))};`,
        `import { hydrateIslands } from ${JSON.stringify(join(UI_DIR, "runtime", "hydrate.ts"))};`,
        `hydrateIslands(${JSON.stringify(args.path)}, Island);`,
      ].join("\n"),
      loader: "ts",
      resolveDir: UI_DIR,
    }));
  },
};

/** Builds every island and the stylesheet in memory. Stops esbuild's child process after. */
export async function buildBundle(): Promise<UiBundle> {
  const names = await islandNames();
  try {
    const result = await esbuild.build({
      entryPoints: [
        ...names.map((n) => ({ in: `island:${n}`, out: n })),
        { in: join(UI_DIR, "static", "app.css"), out: "app" },
      ],
      absWorkingDir: PROJECT_DIR,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      jsx: "automatic",
      jsxImportSource: "preact",
      outdir: "/dist",
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [islandEntries],
    });
    const files = new Map<string, BundleFile>();
    for (const f of result.outputFiles) {
      const name = f.path.slice(f.path.lastIndexOf("/") + 1);
      const ext = name.slice(name.lastIndexOf(".") + 1);
      files.set(name, {
        name,
        contentType: TYPES[ext] ?? "application/octet-stream",
        body: f.contents,
      });
    }
    const islands: Record<string, string> = {};
    let css = "";
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      const name = out.slice(out.lastIndexOf("/") + 1);
      if (meta.entryPoint?.startsWith("island:")) islands[meta.entryPoint.slice(7)] = name;
      if (name.endsWith(".css") && meta.entryPoint) css = name;
    }
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !p.startsWith("island:") && !p.includes("node_modules/"))
      .map((p) => relative(PROJECT_DIR, join(PROJECT_DIR, p)))
      .sort();
    return { files, islands, css, inputs, sourceHash: await hashSources(inputs) };
  } finally {
    await esbuild.stop();
  }
}

/** Total bytes of the built files (source maps excluded). */
export function bundleBytes(bundle: UiBundle): number {
  let n = 0;
  for (const f of bundle.files.values()) n += f.body.length;
  return n;
}

/** Writes `bundle` to {@link DIST_DIR}, replacing what was there, with `manifest.json` last. */
export async function writeDist(bundle: UiBundle, dir = DIST_DIR): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  for (const f of bundle.files.values()) await Deno.writeFile(join(dir, f.name), f.body);
  const manifest = {
    islands: bundle.islands,
    css: bundle.css,
    inputs: bundle.inputs,
    sourceHash: bundle.sourceHash,
    files: [...bundle.files.values()].map((f) => ({ name: f.name, contentType: f.contentType })),
  };
  await Deno.writeTextFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
}

if (import.meta.main) {
  const started = performance.now();
  const bundle = await buildBundle();
  await writeDist(bundle);
  const ms = Math.round(performance.now() - started);
  console.log(
    `ui:build: ${bundle.files.size} files, ${bundleBytes(bundle)} bytes, ${ms} ms → ${
      relative(Deno.cwd(), DIST_DIR)
    }/`,
  );
}
