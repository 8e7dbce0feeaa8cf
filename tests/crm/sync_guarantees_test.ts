// Issue 4's sync guarantees: exactly-once replays, per-item atomicity in big batches, client
// id mapping across items, tombstones, cursor paging, and role scoping and masking of changes.
import assert from "node:assert/strict";
import type { Db } from "../../db/database.ts";
import { type CrmTest, type CrmUser, withCrm } from "./helpers.ts";

/** Everything a sync batch can change, in a stable order. */
async function snapshot(db: Db) {
  const rows = async (table: "crm_objects" | "crm_customers" | "crm_visits") =>
    (await db.selectFrom(table).selectAll().orderBy("id").execute()).map((r) => JSON.stringify(r));
  return {
    objects: await rows("crm_objects"),
    customers: await rows("crm_customers"),
    visits: await rows("crm_visits"),
    ids: (await db.selectFrom("crm_sync_ids").selectAll().orderBy("client_id").execute()).length,
    mutations: (await db.selectFrom("crm_sync_mutations").select("mutation_key").execute()).length,
    audit: (await db.selectFrom("audit_log").select("id").execute()).length,
  };
}

function push(t: CrmTest, u: CrmUser, items: unknown[], force = false) {
  return t.rest("POST", "/api/v1/sync/batch", { token: u.token, body: { items, force } });
}

Deno.test("a batch replayed three times leaves the database exactly as one application", () =>
  withCrm(async (t) => {
    const sup = await t.crmUser("SUPERVISOR");
    const existing = await t.object(sup);
    const doomed = await t.object(sup);
    const [obj, cust] = [crypto.randomUUID(), crypto.randomUUID()];
    const items = [
      {
        client_generated_id: obj,
        table_name: "objects",
        payload: { type: "HOTEL", address: "наб. Реки, 3", city_id: t.city.moscow },
      },
      {
        client_generated_id: cust,
        table_name: "customers",
        payload: { object_id: obj, full_name: "Иван", phone: "8 912 000-11-22" },
      },
      {
        client_mutation_id: "visit-1",
        client_generated_id: crypto.randomUUID(),
        table_name: "visits",
        payload: { object_id: obj, customer_id: cust, interests: ["TV"] },
      },
      { table_name: "objects", id: existing.id, version: 1, payload: { status: "INTEREST" } },
      { table_name: "objects", id: doomed.id, version: 1, op: "delete" },
      { table_name: "objects", id: existing.id, version: 1, payload: { status: "DONE" } }, // stale
      { table_name: "objects", client_generated_id: crypto.randomUUID(), payload: { type: "X" } },
    ];
    const first = await push(t, sup, items);
    assert.deepEqual(first.json.results.map((r: { status: string }) => r.status), [
      "created",
      "created",
      "created",
      "updated",
      "deleted",
      "conflict",
      "rejected",
    ]);
    const once = await snapshot(t.deps.db);
    for (let i = 0; i < 2; i++) {
      const again = await push(t, sup, items);
      assert.equal(again.status, 200);
      assert.deepEqual(
        again.json.results.map((
          r: { status: string; server_id: string | null },
        ) => [r.status, r.server_id]),
        first.json.results.map((
          r: { status: string; server_id: string | null },
        ) => [r.status, r.server_id]),
      );
      assert.ok(again.json.results.slice(0, 5).every((r: { replayed?: boolean }) => r.replayed));
    }
    assert.deepEqual(await snapshot(t.deps.db), once);
  }));

Deno.test("a batch of 999 valid mutations and 1 invalid one applies the 999", () =>
  withCrm(async (t) => {
    const eng = await t.crmUser("ENGINEER");
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    const items: unknown[] = Array.from({ length: 1000 }, (_, i) => ({
      client_generated_id: crypto.randomUUID(),
      table_name: "visits",
      payload: { object_id: o.id, interests: i === 500 ? ["SPACESHIP"] : ["INTERNET"] },
    }));
    const res = await t.trpc(eng.token).sync.batch.mutate({ items, force: false });
    assert.equal(res.applied_count, 999);
    assert.equal(res.rejected_count, 1);
    assert.equal(res.results[500].status, "rejected");
    assert.equal(res.results[500].index, 500);
    const n = await t.deps.db.selectFrom("crm_visits").select((e) =>
      e.fn.countAll<number>().as("n")
    )
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 999);
    const tooMany = await push(t, eng, [...items, items[0]]);
    assert.equal(tooMany.status, 422);
  }));

Deno.test("client ids map to server ids within a batch and in later batches", () =>
  withCrm(async (t) => {
    const eng = await t.crmUser("ENGINEER");
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    const [cust, visit] = [crypto.randomUUID(), crypto.randomUUID()];
    const first = await push(t, eng, [
      { client_generated_id: cust, table_name: "customers", payload: { object_id: o.id } },
      {
        client_generated_id: visit,
        table_name: "visits",
        payload: { object_id: o.id, customer_id: cust },
      },
    ]);
    const [c, v] = first.json.results;
    const row = await t.deps.db.selectFrom("crm_visits").selectAll().where("id", "=", v.server_id)
      .executeTakeFirstOrThrow();
    assert.equal(row.customer_id, c.server_id);
    // Later: complete the visit by its client id, as a phone that never saw the server id.
    const later = await push(t, eng, [{
      table_name: "visits",
      id: visit,
      version: 1,
      payload: { status: "DONE", outcome_text: "Подключили интернет" },
    }]);
    assert.equal(later.json.results[0].status, "updated", JSON.stringify(later.json.results[0]));
    assert.equal(later.json.results[0].server_id, v.server_id);
    const obj = await t.rest("GET", `/api/v1/objects/${o.id}`, { token: eng.token });
    assert.equal(obj.json.visits_count, 1);
  }));

Deno.test("REST-created rows can be updated and deleted by sync; deletes come back as tombstones", () =>
  withCrm(async (t) => {
    const sup = await t.crmUser("SUPERVISOR");
    const o = await t.object(sup);
    const start = await t.rest("GET", "/api/v1/sync/changes?cursor=0", { token: sup.token });
    const del = await push(t, sup, [{ table_name: "objects", id: o.id, version: 1, op: "delete" }]);
    assert.equal(del.json.results[0].status, "deleted");
    assert.equal(
      (await t.rest("GET", `/api/v1/objects/${o.id}`, { token: sup.token })).status,
      404,
    );
    const changes = await t.rest(
      "GET",
      `/api/v1/sync/changes?cursor=${start.json.next_cursor}`,
      { token: sup.token },
    );
    assert.deepEqual(
      changes.json.items.map((
        c: { id: string; action: string; data: unknown },
      ) => [c.id, c.action, c.data]),
      [[o.id, "delete", null]],
    );
  }));

Deno.test("changes page by cursor without loss or repeats, in sequence order", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const o = await t.object(admin);
      ids.add(o.id);
      ids.add((await t.customer(admin, o.id)).id);
      ids.add((await t.visit(admin, o.id)).id);
    }
    const seen: string[] = [];
    let cursor = "0";
    let seqs: number[] = [];
    for (let page = 0; page < 20; page++) {
      const res = await t.rest("GET", `/api/v1/sync/changes?cursor=${cursor}&limit=4`, {
        token: admin.token,
      });
      seen.push(...res.json.items.map((c: { id: string }) => c.id));
      seqs = seqs.concat(res.json.items.map((c: { change_seq: string }) => Number(c.change_seq)));
      cursor = res.json.next_cursor;
      if (!res.json.has_more) break;
    }
    assert.equal(seen.length, ids.size);
    assert.deepEqual(new Set(seen), ids);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  }));

Deno.test("changes are scoped and masked by role: an engineer gets own visits and masked phones", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const eng = await t.crmUser("ENGINEER", ["moscow"]);
    const other = await t.crmUser("ENGINEER", ["moscow"]);
    const sup = await t.crmUser("SUPERVISOR", ["moscow"]);
    const o = await t.object(admin, { contact_phone: "+7 (912) 345-67-89" });
    await t.object(admin, { city_id: t.city.kazan });
    await t.customer(admin, o.id, { phone: "+79161112233", email: "ivan@example.ru" });
    const mine = await t.visit(eng, o.id);
    await t.visit(other, o.id);
    const forEng = await t.rest("GET", "/api/v1/sync/changes?cursor=0", { token: eng.token });
    const byTable = (page: typeof forEng, table: string) =>
      page.json.items.filter((c: { table_name: string }) => c.table_name === table);
    assert.deepEqual(byTable(forEng, "visits").map((c: { id: string }) => c.id), [mine.id]);
    assert.equal(byTable(forEng, "objects").length, 1, "only the Moscow object");
    assert.equal(byTable(forEng, "objects")[0].data.contact_phone, "+7 (***) ***-**89");
    const cust = byTable(forEng, "customers")[0].data;
    assert.equal(cust.phone, "+7 (***) ***-**33");
    assert.equal(cust.email, "i***@example.ru");
    const forSup = await t.rest("GET", "/api/v1/sync/changes?cursor=0", { token: sup.token });
    assert.equal(byTable(forSup, "visits").length, 2);
    assert.equal(byTable(forSup, "customers")[0].data.phone, "+79161112233");
    assert.equal(JSON.stringify(forEng.json).includes("79161112233"), false);
  }));
