// Issue 4: an XLSX of 100,000 visits, written by the export job, opened with exceljs.
import assert from "node:assert/strict";
import { sql } from "kysely";
import { withCrm } from "./helpers.ts";
import { readSheet, waitForReport } from "./report_helpers.ts";

const N = 100_000;

Deno.test("an export of 100,000 visits opens with exceljs: 100,000 rows under a Cyrillic header", () =>
  withCrm(async (t) => {
    const eng = await t.crmUser("ENGINEER");
    const admin = await t.crmUser("ADMIN");
    const objects = [await t.object(admin), await t.object(admin), await t.object(admin)];
    // One set-based statement, not 100,000 round trips.
    await sql`insert into crm_visits (object_id, engineer_id, status, interests, scheduled_at,
        outcome_text, created_by, updated_by)
      select (${sql.val(objects.map((o) => o.id))}::uuid[])[1 + g % 3], ${eng.user.id}::uuid,
        (array['PLANNED','IN_PROGRESS','DONE','CANCELLED'])[1 + g % 4],
        array['INTERNET']::text[], now() - make_interval(mins => g), 'Итог визита ' || g,
        ${eng.user.id}::uuid, ${eng.user.id}::uuid
      from generate_series(1, ${N}) g`.execute(t.deps.db);
    await t.deps.queue.start(t.deps);
    const res = await t.rest("POST", "/api/v1/reports/export", {
      token: eng.token,
      body: { entity: "visits", columns: ["status", "object_address"], sort: "-scheduled_at" },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const done = await waitForReport(t, eng, res.json.id, 600_000);
    assert.equal(done.status, "done", JSON.stringify(done));
    assert.equal(done.row_count, N);
    const file = await t.rest("GET", done.download_url, { token: eng.token });
    assert.equal(file.status, 200);
    const sheet = await readSheet(new Uint8Array(await file.res.arrayBuffer()));
    assert.equal(sheet.name, "Визиты");
    assert.deepEqual(sheet.header, ["Статус", "Адрес объекта"]);
    assert.equal(sheet.rows, N);
    assert.deepEqual(sheet.first, ["В процессе", "ул. Тестовая, д. 2"]);
  }));
