/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header) stored in Postgres so
 * every instance sees the same keys. A key is scoped by caller + route; the request is
 * fingerprinted (SHA-256 of method, path, query and canonical JSON body) so that the same key
 * with another payload is refused, while the same payload re-sent with other whitespace or key
 * order replays.
 *
 * Rules: a completed success (2xx/3xx) is replayed with its stored status, headers and body;
 * a request that failed (any error, or a returned 4xx/5xx) rolled back its changes and releases
 * the key, so the client can fix it and retry with the same key; while the first request runs,
 * another one gets 409; a claim left by a crashed process expires after {@link LOCK_MS}.
 *
 * @module
 */
import type { Db, Tx } from "../../db/database.ts";
import { jsonb } from "../../db/tx.ts";
import { AppError } from "../errors.ts";

/** How long an in-flight claim blocks others before it counts as abandoned. */
export const LOCK_MS = 60_000;

/** A response as stored and replayed. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What identifies one idempotent request. */
export interface IdempotentRequest {
  scope: string;
  key: string;
  fingerprint: string;
}

/** Outcome of {@link runIdempotent}. */
export interface IdempotentOutcome {
  replayed: boolean;
  response: StoredResponse;
}

type Claim =
  | { kind: "new" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_flight" };

/** JSON with object keys sorted at every level, so equal payloads hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

async function claimKey(db: Db, req: IdempotentRequest, ttlH: number): Promise<Claim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = Date.now();
    const inserted = await db.insertInto("idempotency_keys").values({
      scope: req.scope,
      key: req.key,
      fingerprint: req.fingerprint,
      state: "in_flight",
      locked_until: new Date(now + LOCK_MS),
      expires_at: new Date(now + ttlH * 3_600_000),
    }).onConflict((oc) => oc.columns(["scope", "key"]).doNothing()).returning("key")
      .executeTakeFirst();
    if (inserted) return { kind: "new" };

    const row = await db.selectFrom("idempotency_keys").selectAll()
      .where("scope", "=", req.scope).where("key", "=", req.key).executeTakeFirst();
    if (!row) continue; // released between our insert and select: try again
    if (row.expires_at.getTime() <= now) {
      await db.deleteFrom("idempotency_keys").where("scope", "=", req.scope)
        .where("key", "=", req.key).where("expires_at", "<=", new Date(now)).execute();
      continue;
    }
    if (row.fingerprint !== req.fingerprint) return { kind: "mismatch" };
    if (row.state === "done") {
      return {
        kind: "replay",
        response: {
          status: row.response_status ?? 200,
          headers: row.response_headers ?? {},
          body: row.response_body ?? "",
        },
      };
    }
    if (row.locked_until.getTime() > now) return { kind: "in_flight" };
    // The claim of a process that died mid-request: take it over.
    const taken = await db.updateTable("idempotency_keys")
      .set({ locked_until: new Date(now + LOCK_MS) })
      .where("scope", "=", req.scope).where("key", "=", req.key)
      .where("state", "=", "in_flight").where("locked_until", "<=", new Date(now))
      .returning("key").executeTakeFirst();
    return taken ? { kind: "new" } : { kind: "in_flight" };
  }
  return { kind: "in_flight" };
}

async function markDone(tx: Tx, req: IdempotentRequest, response: StoredResponse) {
  await tx.updateTable("idempotency_keys").set({
    state: "done",
    response_status: response.status,
    response_headers: jsonb(response.headers),
    response_body: response.body,
  }).where("scope", "=", req.scope).where("key", "=", req.key).execute();
}

async function release(db: Db, req: IdempotentRequest) {
  await db.deleteFrom("idempotency_keys").where("scope", "=", req.scope)
    .where("key", "=", req.key).where("state", "=", "in_flight").execute();
}

class FailedResponse extends Error {
  constructor(readonly response: StoredResponse) {
    super("request failed; rolled back");
  }
}

/**
 * Runs `execute` at most once per (scope, key): inside one transaction that also records the
 * response, so the business change and its idempotency record commit together.
 *
 * @throws {AppError} 422 when the key was used with another payload, 409 while it is in flight
 */
export async function runIdempotent(
  deps: { db: Db; ttlH: number },
  req: IdempotentRequest,
  execute: (tx: Tx) => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  const claim = await claimKey(deps.db, req, deps.ttlH);
  if (claim.kind === "replay") return { replayed: true, response: claim.response };
  if (claim.kind === "mismatch") {
    throw new AppError(
      "UNPROCESSABLE_CONTENT",
      "This Idempotency-Key was already used with a different request payload",
      {
        title: "Idempotency key reused",
        fields: [{
          field: "Idempotency-Key",
          message: "reused with a different payload",
          in: "header",
        }],
      },
    );
  }
  if (claim.kind === "in_flight") {
    throw new AppError("CONFLICT", "A request with this Idempotency-Key is still being processed", {
      title: "Idempotency conflict",
      headers: { "Retry-After": "1" },
    });
  }
  try {
    const response = await deps.db.transaction().execute(async (tx) => {
      const res = await execute(tx);
      if (res.status >= 400) throw new FailedResponse(res);
      await markDone(tx, req, res);
      return res;
    });
    return { replayed: false, response };
  } catch (err) {
    await release(deps.db, req);
    if (err instanceof FailedResponse) return { replayed: false, response: err.response };
    throw err;
  }
}

/** Deletes keys past their expiry; returns how many. Run periodically. */
export async function deleteExpiredKeys(db: Db, now = new Date()): Promise<number> {
  const res = await db.deleteFrom("idempotency_keys").where("expires_at", "<=", now)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
