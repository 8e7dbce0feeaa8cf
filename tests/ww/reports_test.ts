// The delivery report and the KMP4 export for 1C.
import assert from "node:assert/strict";
import { startTestApp } from "../helpers/app.ts";
import { toKopecks } from "../../routers/ww/money.ts";
import { cast, createOrder, expectJson, wwGet, wwWrite } from "./fixtures.ts";

const HEADER =
  "order_id,title,customer_name,status_code,total_amount,currency_code,courier_id,notes,created_at,updated_at";

/** A minimal RFC 4180 reader, to check the file parses back to what was written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), field = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      (row.push(field), rows.push(row), row = [], field = "", i++);
    } else field += ch;
  }
  return rows;
}

Deno.test("KMP4 export: magic line, header, one row per order with every status mapped, CRLF, no BOM", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const move = (id: string, status: string) =>
      wwWrite(t, "PATCH", `/orders/${id}/status`, c.dispatcher, { status });
    const want: Record<string, string> = {};
    const plan: [string, string[]][] = [
      ["new", []],
      ["assigned_to_courier", ["ASSIGNED"]],
      ["courier_on_route", ["ASSIGNED", "IN_TRANSIT"]],
      ["completed", ["ASSIGNED", "IN_TRANSIT", "DONE"]],
      ["cancelled_by_manager", ["REJECTED"]],
      ["declined_by_courier", ["ASSIGNED", "DECLINED"]],
    ];
    for (const [code, moves] of plan) {
      const o = await createOrder(t, c.dispatcher, { id: `ORD-${code}`, courier_id: c.courierId });
      for (const s of moves) await expectJson(await move(o.id, s), 200, s);
      want[o.id] = code;
    }
    const res = await wwGet(t, "/export/kmp4", c.dispatcher);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /attachment; filename="kmp4_delivery_report_all_all\.csv"/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.notDeepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "no BOM before the magic line");
    const text = new TextDecoder().decode(bytes);
    const lines = text.split("\r\n");
    assert.equal(lines[0], "#KMP4_DELIVERY_REPORT,v1");
    assert.equal(lines[1], HEADER);
    assert.equal(lines.at(-1), "", "every line ends with CRLF");
    assert.ok(!/[^\r]\n/.test(text), "no bare LF");
    const rows = parseCsv(text).slice(2);
    assert.equal(rows.length, 6);
    for (const r of rows) {
      assert.equal(r.length, 10);
      assert.equal(r[3], want[r[0]], r[0]);
      assert.equal(r[4], "81971.00");
      assert.equal(r[5], "RUB");
      assert.match(r[8], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(r[9], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    assert.equal(rows.find((r) => r[0] === "ORD-new")![6], "courier-001");
    assert.equal(
      rows.find((r) => r[0] === "ORD-declined_by_courier")![6],
      "courier-001",
      "who declined stays visible",
    );
  } finally {
    await t.close();
  }
});

Deno.test("KMP4 quotes commas, quotes and line breaks, drops control characters, and filters by date", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    await createOrder(t, c.dispatcher, {
      id: "ORD-Q",
      title: 'Товар "Премиум", 2 шт',
      notes: "этаж 5\nкод\u0007 12",
      total_amount: "1500.5",
    });
    const text = await (await wwGet(t, "/export/kmp4?date_from=2000-01-01", c.dispatcher)).text();
    const dataLine = text.split("\r\n").slice(2).join("\r\n");
    assert.ok(
      dataLine.startsWith(
        'ORD-Q,"Товар ""Премиум"", 2 шт",Пётр Покупателев,new,1500.50,RUB,,"этаж 5\nкод 12",',
      ),
      dataLine,
    );
    const [row] = parseCsv(text).slice(2);
    assert.equal(row[1], 'Товар "Премиум", 2 шт');
    assert.equal(row[7], "этаж 5\nкод 12");
    const today = new Date().toISOString().slice(0, 10);
    const empty = await (await wwGet(t, "/export/kmp4?date_to=2000-01-01", c.dispatcher)).text();
    assert.equal(empty, `#KMP4_DELIVERY_REPORT,v1\r\n${HEADER}\r\n`);
    const todays = parseCsv(
      await (await wwGet(t, `/export/kmp4?date_from=${today}&date_to=${today}`, c.dispatcher))
        .text(),
    );
    assert.equal(todays.length, 3, "a bare date_to covers its whole day");
    const courierGet = await wwGet(t, "/export/kmp4", c.courier);
    assert.equal(courierGet.status, 403);
    await courierGet.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("delivery report: JSON rows with courier names and totals per currency; CSV with BOM and TOTALS", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    await createOrder(t, c.dispatcher, { courier_id: c.courierId, title: "=HYPERLINK(1)" });
    await createOrder(t, c.dispatcher, { currency_code: "USD", total_amount: "10.25" });
    await createOrder(t, c.dispatcher, { total_amount: "0.75" });
    const json = await expectJson(await wwGet(t, "/report/deliveries", c.dispatcher), 200);
    assert.equal(json.items.length, 3);
    assert.equal(json.items[0].courier_name, "Иван Курьеров");
    assert.deepEqual(json.totals.amounts, { RUB: "81971.75", USD: "10.25" });
    assert.equal(json.totals.orders, 3);
    const byCourier = await expectJson(
      await wwGet(t, `/report/deliveries?courier_id=${c.courierId}`, c.dispatcher),
      200,
    );
    assert.equal(byCourier.items.length, 1);

    const res = await wwGet(t, "/report/deliveries?format=csv", c.dispatcher);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "BOM for Excel");
    const rows = parseCsv(new TextDecoder().decode(bytes)); // the decoder drops the BOM
    assert.equal(
      rows[0].join(","),
      "order_id,courier_id,courier_name,status,title,customer_name,total_amount,currency_code,created_at,updated_at,duration_min",
    );
    assert.equal(rows[1][4], "'=HYPERLINK(1)", "formula injection is defused");
    const totals = rows.filter((r) => r[0] === "TOTALS");
    assert.deepEqual(totals.map((r) => [r[5], r[6], r[7]]), [["3", "81971.75", "RUB"], [
      "3",
      "10.25",
      "USD",
    ]]);
  } finally {
    await t.close();
  }
});

Deno.test("amounts: decimals with at most two digits become exact kopecks", () => {
  assert.equal(toKopecks("79990.00"), 7_999_000);
  assert.equal(toKopecks(990.5), 99_050);
  assert.equal(toKopecks("0.1"), 10);
  assert.equal(toKopecks(0), 0);
  for (const bad of ["1.234", "-1", "1e3", "", "12,50", 0.1 + 0.2, -0.5, "1000000000000000.00"]) {
    assert.equal(toKopecks(bad as string), undefined, String(bad));
  }
});
