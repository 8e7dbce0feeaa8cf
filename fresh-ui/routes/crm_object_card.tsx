/**
 * `/app/crm/objects?id=<uuid>`: one object — its fields, its visits (an engineer sees their
 * own) and the customers met there (phones masked for engineers by the API's serializer).
 *
 * @module
 */
import { formatTime } from "../components/job_row.tsx";
import { BADGE, FieldsTable, ListTable, tryLoad } from "../components/crm_parts.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Renders object `id`, or "not found". */
export async function renderObjectCard(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.crm;
  const back = (
    <p>
      <a href="/app/crm/objects">{l.backToObjects}</a>
    </p>
  );
  const caller = serverCaller(ctx);
  const found = UUID.test(id) ? await tryLoad(() => caller.crm.objects.get({ id })) : {};
  const o = found.data;
  if (!o) {
    return (
      <>
        {back}
        <p class="error" role="alert">{l.notFound}</p>
      </>
    );
  }
  const page = { page: 1, limit: 100 };
  const [visits, customers] = await Promise.all([
    tryLoad(() => caller.crm.visits.list({ ...page, object_id: id } as never)),
    tryLoad(() => caller.crm.customers.list({ ...page, object_id: id } as never)),
  ]);
  const fields: [string, string][] = [
    [l.type, l.objectTypes[o.type]],
    [l.contact, [o.contact_name, o.contact_phone].filter(Boolean).join(", ") || "—"],
    [l.visitsCount, String(o.visits_count)],
    [l.lastVisit, o.last_visit_at ? formatTime(o.last_visit_at, lang, false) : "—"],
    [l.updated, formatTime(o.updated_at, lang, false)],
    [l.version, String(o.version)],
  ];
  return (
    <>
      {back}
      <h1 data-object-id={o.id}>{o.address}</h1>
      <p>
        <span class={BADGE[o.status]}>{l.objectStatuses[o.status]}</span>
      </p>
      <FieldsTable name="object-fields" fields={fields} />
      <h2>{l.objectVisits}</h2>
      <ListTable
        l={l}
        name="object-visits"
        headers={[l.visit, l.status, l.scheduled, l.outcome]}
        count={visits.data?.items.length}
      >
        {visits.data?.items.map((v) => (
          <tr key={v.id} data-visit-id={v.id}>
            <td>
              <a href={`/app/crm/visits?id=${v.id}`}>{v.id.slice(0, 8)}</a>
            </td>
            <td>
              <span class={BADGE[v.status]}>{l.visitStatuses[v.status]}</span>
            </td>
            <td class="times">
              {v.scheduled_at ? formatTime(v.scheduled_at, lang, false) : "—"}
            </td>
            <td>{v.outcome_text ?? ""}</td>
          </tr>
        ))}
      </ListTable>
      <h2>{l.objectCustomers}</h2>
      <ListTable
        l={l}
        name="object-customers"
        headers={[l.name, l.phone, l.interests]}
        count={customers.data?.items.length}
      >
        {customers.data?.items.map((c) => (
          <tr key={c.id} data-customer-id={c.id}>
            <td>{c.full_name ?? "—"}</td>
            <td>{c.phone ?? "—"}</td>
            <td>{c.interests.map((i) => l.interestLabels[i]).join(", ")}</td>
          </tr>
        ))}
      </ListTable>
      {customers.data && <p>{fmt(l.total, { n: customers.data.total })}</p>}
    </>
  );
}
