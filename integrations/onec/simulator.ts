/**
 * The 1C simulator: a real HTTP server playing 1C's published HTTP service for the fieldhub
 * exchange — Basic auth, `POST /v1/documents/{return|delivery}` creating a document and
 * answering its Ref_Key and Number, `GET /v1/documents/{kind}/{key}`. It is idempotent by our
 * document key, as the real service must be: a retried POST returns the document already made
 * (200, `created: false`) and never creates a second one; the same key with other content is a
 * 409. Faults from the harness make it fail or be down (`failNext({status: 503, times:
 * "always"})`); `documents()` counts what was really created.
 *
 * @module
 */
import { Hono } from "hono";
import type { Config } from "../../config.ts";
import { canonicalJson } from "../../platform/idempotency/store.ts";
import { type DevSimulator, isPlaceholderSecret } from "../harness/dev_entry.ts";
import type { RecordedRequest } from "../harness/record.ts";
import { type ErrorDetail, type Simulator, startSimulator } from "../harness/simulator.ts";
import {
  deliveryDocument,
  DOCUMENT_KINDS,
  type DocumentKind,
  type OneCDocument,
  type PostedDocument,
  returnDocument,
} from "./documents.ts";

/** The account the simulator accepts unless told otherwise (documented for curl in dev). */
export const SIMULATOR_USER = "fieldhub";
/** Its password. */
export const SIMULATOR_PASSWORD = "fieldhub-1c-simulator";

/** A document the simulated infobase holds. */
export interface StoredDocument {
  ref_key: string;
  number: string;
  kind: DocumentKind;
  key: string;
  document: OneCDocument;
  created_at: string;
}

/** Options of {@link startOneCSimulator}. */
export interface OneCSimulatorOptions {
  user?: string;
  password?: string;
  port?: number;
  onRequest?: (request: RecordedRequest) => void;
}

/** A running 1C simulator. */
export interface OneCSimulator extends Simulator {
  readonly user: string;
  readonly password: string;
  /** What to set as ONEC_BASE_URL. */
  readonly baseUrl: string;
  /** Documents created, oldest first (a replayed POST adds none). */
  documents(kind?: DocumentKind): StoredDocument[];
}

/** 1C's error body: `{error: {code, message, field?}}`. */
export function onecError(status: number, code: string, message: string, field?: string): Response {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (status === 401) headers["www-authenticate"] = 'Basic realm="1C:Enterprise"';
  return new Response(JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }), {
    status,
    headers,
  });
}

function renderError(status: number, d: ErrorDetail): Response {
  const code = d.code ??
    (status === 503 ? "infobase_unavailable" : status === 429 ? "too_many_requests" : "error");
  const message = d.message ??
    (status === 503 ? "Информационная база недоступна" : `Ошибка ${status}`);
  return onecError(status, code, message);
}

/** Decodes a Basic header as UTF-8 (1C user names are often Cyrillic). */
function basicCredentials(header: string | undefined): [string, string] | undefined {
  const m = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!m) return undefined;
  const text = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (ch) => ch.charCodeAt(0)));
  const at = text.indexOf(":");
  return at < 0 ? undefined : [text.slice(0, at), text.slice(at + 1)];
}

/** The simulator's routes over a document store (exported for `app.request()` tests). */
export function onecApp(
  options: { user: string; password: string; store: StoredDocument[] },
): Hono {
  const byKey = new Map(options.store.map((d) => [d.key, d]));
  const counters: Record<DocumentKind, number> = { return: 0, delivery: 0 };
  const app = new Hono();
  app.use("/v1/*", async (c, next) => {
    const creds = basicCredentials(c.req.header("authorization"));
    if (!creds || creds[0] !== options.user || creds[1] !== options.password) {
      return onecError(401, "unauthorized", "Не удалось авторизоваться: неверное имя или пароль");
    }
    await next();
  });
  app.post("/v1/documents/:kind", async (c) => {
    const kind = c.req.param("kind") as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind)) return onecError(404, "unknown_kind", `Нет вида ${kind}`);
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      return onecError(400, "invalid_json", "Тело запроса не является JSON");
    }
    const parsed = (kind === "return" ? returnDocument : deliveryDocument).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return onecError(400, "invalid_document", issue.message, issue.path.join("."));
    }
    const doc = parsed.data;
    const key = c.req.header("idempotency-key");
    if (key !== doc.key) {
      return onecError(400, "key_mismatch", "Idempotency-Key must equal the document's key", "key");
    }
    const known = byKey.get(doc.key);
    if (known) {
      if (canonicalJson(known.document) !== canonicalJson(doc)) {
        return onecError(
          409,
          "key_conflict",
          `Документ ${doc.key} уже загружен с другим содержимым`,
        );
      }
      return c.json(posted(known, false), 200);
    }
    counters[kind] += 1;
    const stored: StoredDocument = {
      ref_key: crypto.randomUUID(),
      number: `${kind === "return" ? "ФХВ" : "ФХД"}-${String(counters[kind]).padStart(6, "0")}`,
      kind,
      key: doc.key,
      document: doc,
      created_at: new Date().toISOString(),
    };
    options.store.push(stored);
    byKey.set(doc.key, stored);
    return c.json(posted(stored, true), 201);
  });
  app.get("/v1/documents/:kind/:key", (c) => {
    const found = byKey.get(c.req.param("key"));
    if (!found || found.kind !== c.req.param("kind")) {
      return onecError(404, "not_found", "Документ не найден");
    }
    return c.json(posted(found, false));
  });
  app.notFound((c) => onecError(404, "not_found", `Нет метода ${c.req.method} ${c.req.path}`));
  return app;
}

function posted(d: StoredDocument, created: boolean): PostedDocument {
  return { Ref_Key: d.ref_key, Number: d.number, key: d.key, created };
}

/**
 * Starts a 1C simulator on a free port.
 *
 * @example
 * ```ts
 * await using sim = await startOneCSimulator();
 * sim.failNext({ status: 503, times: "always" }); // 1C is down
 * sim.clearFaults();                               // and back
 * sim.documents().length;                          // documents really created
 * ```
 */
export async function startOneCSimulator(
  options: OneCSimulatorOptions = {},
): Promise<OneCSimulator> {
  const user = options.user ?? SIMULATOR_USER;
  const password = options.password ?? SIMULATOR_PASSWORD;
  const store: StoredDocument[] = [];
  const sim = await startSimulator({
    name: "onec",
    app: onecApp({ user, password, store }),
    renderError,
    maxBodyBytes: 8 * 1024 * 1024,
    port: options.port,
    onRequest: options.onRequest,
    control: (app) => app.get("/documents", (c) => c.json({ documents: store })),
  });
  return Object.assign(sim, {
    user,
    password,
    baseUrl: sim.url,
    documents: (kind?: DocumentKind) => store.filter((d) => !kind || d.kind === kind),
  });
}

/** The 1C entry of the dev registry: real when ONEC_BASE_URL and a real password are set. */
export const onecDevSimulator: DevSimulator = {
  name: "onec",
  hasCredentials: (config: Config) =>
    !!config.onec.baseUrl && !isPlaceholderSecret(config.onec.password),
  async start(config, options) {
    const simulator = await startOneCSimulator({ onRequest: options.onRequest });
    return {
      simulator,
      config: {
        ...config,
        onec: { baseUrl: simulator.baseUrl, user: simulator.user, password: simulator.password },
      },
    };
  },
};
