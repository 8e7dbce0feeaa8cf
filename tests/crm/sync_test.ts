// Seed 002 acceptance checks 16–19 (offline sync) and the sync guarantees of issue 4.
import assert from "node:assert/strict";
import { type CrmTest, type CrmUser, withCrm } from "./helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

function push(t: CrmTest, u: CrmUser, items: unknown[], force = false) {
  return t.rest("POST", "/api/v1/sync/batch", { token: u.token, body: { items, force } });
}

/** A created row of the table each role may create through sync. */
function createItem(t: CrmTest, role: string, objectId: string) {
  const cid = crypto.randomUUID();
  return role === "ENGINEER"
    ? {
      cid,
      table: "customers",
      item: {
        client_generated_id: cid,
        table_name: "customers",
        updated_at: new Date().toISOString(),
        payload: { object_id: objectId, full_name: "Офлайн Клиент" },
      },
    }
    : {
      cid,
      table: "objects",
      item: {
        client_generated_id: cid,
        table_name: "objects",
        updated_at: new Date().toISOString(),
        payload: { type: "CAFE", address: "пр. Офлайн, 7", city_id: t.city.moscow },
      },
    };
}

Deno.test("check 16: a new client id is created with a server id; /sync/changes returns it at the same version", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const since = new Date(Date.now() - 1000).toISOString();
      const { cid, table, item } = createItem(t, role, o.id);
      const res = await push(t, u, [item]);
      assert.equal(res.status, 200);
      const [r] = res.json.results;
      assert.equal(r.status, "created", JSON.stringify(r));
      assert.equal(r.client_generated_id, cid);
      assert.notEqual(r.server_id, cid);
      assert.ok(r.server_version >= 1);
      const changes = await t.rest(
        "GET",
        `/api/v1/sync/changes?since=${encodeURIComponent(since)}&tables=${table}`,
        { token: u.token },
      );
      assert.equal(changes.status, 200);
      const mine = changes.json.items.find((c: { id: string }) => c.id === r.server_id);
      assert.equal(mine?.version, r.server_version);
      assert.equal(mine?.action, "update");
      // The same through tRPC, with the cursor of the REST page.
      const next = createItem(t, role, o.id);
      const viaTrpc = await t.trpc(u.token).sync.batch.mutate({ items: [next.item], force: false });
      assert.equal(viaTrpc.results[0].status, "created");
      const page = await t.trpc(u.token).sync.changes.query({
        cursor: Number(changes.json.next_cursor),
        tables: [next.table as "objects"],
        limit: 500,
      });
      assert.deepEqual(page.items.map((c) => c.id), [viaTrpc.results[0].server_id]);
    }
    const eng = await t.crmUser("ENGINEER");
    const denied = await push(t, eng, [createItem(t, "ADMIN", o.id).item]);
    assert.equal(denied.json.results[0].status, "rejected");
    assert.equal(denied.json.results[0].error_code, "FORBIDDEN");
  }));

Deno.test("check 17: a stale version is a per-item conflict with the full diff; force=true then updates", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const admin = await t.crmUser("ADMIN");
      const o = await t.object(admin);
      const target = role === "ENGINEER"
        ? { table: "customers", id: (await t.customer(u, o.id)).id, field: "notes" }
        : { table: "objects", id: o.id, field: "contact_name" };
      const v1 = { table_name: target.table, id: target.id, version: 1 };
      const first = await push(t, u, [{ ...v1, payload: { [target.field]: "Первый" } }]);
      assert.equal(first.json.results[0].status, "updated");
      assert.equal(first.json.results[0].server_version, 2);
      const stale = await push(t, u, [{ ...v1, payload: { [target.field]: "Второй" } }]);
      assert.equal(stale.status, 200);
      const r = stale.json.results[0];
      assert.equal(r.status, "conflict");
      assert.equal(r.error_code, "STALE_VERSION");
      assert.equal(r.server_version, 2);
      assert.equal(r.conflict.expected_version, 1);
      assert.equal(r.conflict.current_version, 2);
      assert.equal(r.conflict.resolution_hints.code, "STALE_VERSION");
      assert.equal(r.conflict.server_row.id, target.id);
      assert.deepEqual(r.conflict.diff, {
        [target.field]: { server: "Первый", client: "Второй" },
      });
      assert.equal(stale.json.conflicts_count, 1);
      const forced = await t.trpc(u.token).sync.batch.mutate({
        items: [{ ...v1, payload: { [target.field]: "Второй" } }],
        force: true,
      });
      assert.equal(forced.results[0].status, "updated");
      assert.equal(forced.results[0].server_version, 3);
      const audit = await t.deps.db.selectFrom("audit_log").select("meta")
        .where("entity_id", "=", target.id).where("action", "=", "update").orderBy("id").execute();
      assert.deepEqual(audit.at(-1)?.meta, { forced: true });
    }
  }));

Deno.test("check 18: empty items is 422; an unknown table and an invalid enum reject only their item", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const empty = await push(t, u, []);
      assert.equal(empty.status, 422);
      assert.equal(empty.json.errors[0].field, "items");
      const emptyTrpc = await t.trpc(u.token).sync.batch.mutate({ items: [], force: false })
        .then(() => null, (e) => e);
      assert.equal(emptyTrpc?.data?.httpStatus, 400);
      const admin = await t.crmUser("ADMIN");
      const o = await t.object(admin);
      const good = createItem(t, role, o.id).item;
      const res = await push(t, u, [
        { client_generated_id: crypto.randomUUID(), table_name: "invoices", payload: {} },
        {
          client_generated_id: crypto.randomUUID(),
          table_name: "visits",
          payload: { object_id: o.id, interests: ["TELEPORT"] },
        },
        good,
      ]);
      assert.equal(res.status, 200);
      const [unknown, badEnum, ok] = res.json.results;
      assert.equal(unknown.status, "rejected");
      assert.equal(unknown.errors[0].field, "table_name");
      assert.equal(badEnum.status, "rejected");
      assert.equal(badEnum.errors[0].field, "payload.interests.0");
      assert.equal(ok.status, "created");
      assert.equal(res.json.rejected_count, 2);
      assert.equal(res.json.errors_count, 2);
    }
  }));

Deno.test("check 19: /sync/changes without since or cursor is 422 naming since", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const res = await t.rest("GET", "/api/v1/sync/changes?tables=objects", { token: u.token });
      assert.equal(res.status, 422);
      assert.equal(res.json.errors[0].field, "since");
      const e = await t.trpc(u.token).sync.changes.query({ limit: 10 } as never).then(
        () => null,
        (e) => e,
      );
      assert.equal(e?.data?.httpStatus, 400);
      assert.equal(e?.data?.errors?.[0]?.field, "since");
    }
  }));
