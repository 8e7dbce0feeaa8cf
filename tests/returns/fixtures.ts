/**
 * Shared pieces of the returns tests: the README's example body, and calls that carry a token,
 * an Idempotency-Key and a request id the way the seed's clients do.
 *
 * @module
 */
import type { Hono } from "hono";
import type { AppEnv } from "../../platform/http_env.ts";
import { request } from "../helpers/app.ts";

/** The body of the README's curl example, verbatim. */
export const README_BODY = {
  source: "warehouse",
  courier_id: "courier-001",
  items: [
    { sku: "SKU-1001", qty: 1, quality: "new", reason_code: "customer_changed_mind" },
  ],
};

/** A return with several lines whose SKUs are not in sorted order (to see order kept). */
export function multiLineBody(courier = "courier-002") {
  return {
    source: "call_center",
    courier_id: courier,
    order_id_1c: "ЗК-000123",
    comment: "Клиент передумал",
    items: ["SKU-9", "SKU-1", "SKU-5", "SKU-3"].map((sku, i) => ({
      sku,
      qty: i + 1,
      quality: i % 2 ? "defect" : "new",
      reason_code: i % 2 ? "cracked" : "customer_changed_mind",
      reason_note: i % 2 ? "трещина на экране" : null,
      photos: i % 2 ? [`https://cdn.example.test/${sku}.jpg`] : [],
      imei: i === 1 ? "490154203237518" : undefined,
      serial: i === 1 ? "SN-42" : undefined,
    })),
  };
}

/** A write with a fresh (or given) Idempotency-Key. */
export function write(
  app: Hono<AppEnv>,
  method: "POST" | "PUT" | "DELETE",
  path: string,
  token: string,
  body?: unknown,
  key: string = crypto.randomUUID(),
  headers: Record<string, string> = {},
): Promise<Response> {
  return request(app, method, path, {
    token,
    body,
    headers: { "idempotency-key": key, ...headers },
  });
}

/** Creates a return and returns its JSON (asserting nothing; tests check the status). */
export async function createReturnVia(
  app: Hono<AppEnv>,
  token: string,
  body: unknown = README_BODY,
): Promise<{ id: string; [k: string]: unknown }> {
  const res = await write(app, "POST", "/api/v1/returns", token, body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return await res.json();
}

/** Counts rows of `returns`. */
export async function countReturns(
  db: import("../../db/database.ts").Db,
): Promise<number> {
  const r = await db.selectFrom("returns").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
