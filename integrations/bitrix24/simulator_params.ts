/**
 * How a Bitrix24 portal reads REST parameters: a JSON body, or PHP-style bracket names in the
 * query string or a form body (`FILTER[>=CALL_START_DATE]=2024-01-01T00:00:00+03:00`,
 * `select[]=ID`). The simulator accepts all three, as the portal does.
 *
 * @module
 */

type Params = Record<string, unknown>;

function assign(target: Params, path: string[], value: string): void {
  let node: Params = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsList = path[i + 1] === "";
    const existing = node[key];
    if (typeof existing !== "object" || existing === null) {
      node[key] = nextIsList ? [] : {};
    }
    node = node[key] as Params;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node) && last === "") (node as unknown[]).push(value);
  else node[last] = value;
}

/**
 * Turns bracket-named pairs into nested objects.
 *
 * @example
 * ```ts
 * bracketParams(new URLSearchParams("FILTER[>=CALL_START_DATE]=x&start=50"));
 * // { FILTER: { ">=CALL_START_DATE": "x" }, start: "50" }
 * ```
 */
export function bracketParams(pairs: Iterable<[string, string]>): Params {
  const out: Params = {};
  for (const [name, value] of pairs) {
    const match = name.match(/^([^[\]]+)((?:\[[^\]]*\])*)$/);
    if (!match) {
      out[name] = value;
      continue;
    }
    const path = [match[1], ...[...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1])];
    assign(out, path, value);
  }
  return out;
}

/** Reads a request's parameters from its query and its body (JSON or form). */
export async function readParams(req: Request): Promise<Params> {
  const url = new URL(req.url);
  const params = bracketParams(url.searchParams.entries());
  if (req.method === "GET" || req.method === "HEAD") return params;
  const type = req.headers.get("content-type") ?? "";
  const text = await req.text();
  if (!text.trim()) return params;
  if (type.includes("json")) {
    const body = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return { ...params, ...body };
    throw new SyntaxError("the JSON body is not an object");
  }
  return { ...params, ...bracketParams(new URLSearchParams(text).entries()) };
}
