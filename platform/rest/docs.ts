/**
 * `/openapi.json` and a Swagger UI at `/docs`, served from the swagger-ui-dist npm package
 * (no CDN, no inline script: the page passes the strict CSP).
 *
 * @module
 */
import type { Hono } from "hono";
import { createRequire } from "node:module";
import type { AppEnv } from "../http_env.ts";

const require = createRequire(import.meta.url);
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fieldhub API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });`;

/** Mounts `/openapi.json`, `/docs` and its assets. `document` is built once, lazily. */
export function mountDocs(app: Hono<AppEnv>, document: () => unknown): void {
  let cached: string | undefined;
  app.get("/openapi.json", (c) => {
    cached ??= JSON.stringify(document());
    return c.body(cached, 200, { "Content-Type": "application/json" });
  });
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/init.js", (c) => c.body(INIT, 200, { "Content-Type": "text/javascript" }));
  app.get("/docs/:asset", async (c) => {
    const name = c.req.param("asset");
    const type = ASSETS[name];
    if (!type) return c.notFound();
    const bytes = await Deno.readFile(require.resolve(`swagger-ui-dist/${name}`));
    return c.body(bytes, 200, { "Content-Type": type, "Cache-Control": "public, max-age=86400" });
  });
}
