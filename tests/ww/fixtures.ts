/**
 * Shared pieces of the WW tests: a dispatcher, a courier user linked to a WW courier, and
 * calls that carry a token and a fresh Idempotency-Key.
 *
 * @module
 */
import assert from "node:assert/strict";
import { request, type TestApp } from "../helpers/app.ts";

/** A write with a fresh Idempotency-Key. */
export function wwWrite(
  t: TestApp,
  method: "POST" | "PATCH",
  path: string,
  token: string,
  body?: unknown,
  key: string = crypto.randomUUID(),
): Promise<Response> {
  return request(t.app, method, `/api/v1/ww${path}`, {
    token,
    body: body ?? {},
    headers: { "idempotency-key": key },
  });
}

/** A read. */
export function wwGet(t: TestApp, path: string, token: string): Promise<Response> {
  return request(t.app, "GET", `/api/v1/ww${path}`, { token });
}

/** Reads the JSON of a response after checking its status. */
export async function expectJson(res: Response, status: number, what = "") {
  const text = await res.text();
  assert.equal(res.status, status, `${what}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The cast of a WW scenario. */
export interface WwCast {
  dispatcher: string;
  /** Token of the user working as courier `courierId`. */
  courier: string;
  courierId: string;
  courierUserId: string;
}

/** Creates a dispatcher and a courier linked to a courier user. */
export async function cast(t: TestApp, courierId = "courier-001"): Promise<WwCast> {
  const dispatcher = await t.user(["OPERATOR"]);
  const courierUser = await t.user(["ENGINEER"]);
  await expectJson(
    await wwWrite(t, "POST", "/couriers", dispatcher.token, {
      id: courierId,
      display_name: "Иван Курьеров",
      phone: "+7 912 345-67-89",
      user_id: courierUser.user.id,
    }),
    201,
    "courier",
  );
  return {
    dispatcher: dispatcher.token,
    courier: courierUser.token,
    courierId,
    courierUserId: courierUser.user.id,
  };
}

/** An order body; `extra` overrides fields. */
export function orderBody(extra: Record<string, unknown> = {}) {
  return {
    title: "Доставка iPhone 15",
    customer_name: "Пётр Покупателев",
    items: [
      { sku: "IP15-128", name: "iPhone 15 128 ГБ", qty: 1, price: "79990.00" },
      { sku: "CASE-1", name: "Чехол", qty: 2, price: 990.5 },
    ],
    ...extra,
  };
}

/** Creates an order and returns its JSON. */
export async function createOrder(t: TestApp, token: string, extra: Record<string, unknown> = {}) {
  return await expectJson(
    await wwWrite(t, "POST", "/orders", token, orderBody(extra)),
    201,
    "order",
  );
}
