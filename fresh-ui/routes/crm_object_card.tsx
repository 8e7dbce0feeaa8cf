/**
 * `/app/crm/objects?id=<uuid>`: one object — its fields, its visits (an engineer sees their
 * own) and the customers met there (phones masked for engineers by the API's serializer).
 *
 * @module
 */
import { BADGE } from "../components/crm_badges.ts";
import { VisitCells } from "../components/crm_parts.tsx";
import { BackLink, NotFound } from "../components/list_page.tsx";
import { FieldTable, ListTable, serverTime } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext } from "../page.ts";
import { loadRecord, serverCaller, tryLoad } from "../trpc_server.ts";

const BACK = "/app/crm/objects";

/** Renders object `id`, or "not found". */
export async function renderObjectCard(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.crm;
  const caller = serverCaller(ctx);
  const o = await loadRecord(id, () => caller.crm.objects.get({ id }));
  if (!o) return <NotFound href={BACK} back={l.backToObjects} message={l.notFound} />;
  const page = { page: 1, limit: 100 };
  const [visits, customers] = await Promise.all([
    tryLoad(() => caller.crm.visits.list({ ...page, object_id: id } as never)),
    tryLoad(() => caller.crm.customers.list({ ...page, object_id: id } as never)),
  ]);
  const fields: [string, string][] = [
    [l.type, l.objectTypes[o.type]],
    [l.contact, [o.contact_name, o.contact_phone].filter(Boolean).join(", ") || "—"],
    [l.visitsCount, String(o.visits_count)],
    [l.lastVisit, serverTime(o.last_visit_at, lang)],
    [l.updated, serverTime(o.updated_at, lang)],
    [l.version, String(o.version)],
  ];
  return (
    <>
      <BackLink href={BACK} label={l.backToObjects} />
      <h1 data-object-id={o.id}>{o.address}</h1>
      <p>
        <span class={BADGE[o.status]}>{l.objectStatuses[o.status]}</span>
      </p>
      <FieldTable name="object-fields" rows={fields} />
      <h2>{l.objectVisits}</h2>
      <ListTable
        name="object-visits"
        headers={[l.visit, l.status, l.scheduled, l.outcome]}
        empty={l.empty}
        count={visits.data?.items.length}
      >
        {visits.data?.items.map((v) => (
          <tr key={v.id} data-visit-id={v.id}>
            <VisitCells l={l} lang={lang} visit={v} />
            <td>{v.outcome_text ?? ""}</td>
          </tr>
        ))}
      </ListTable>
      <h2>{l.objectCustomers}</h2>
      <ListTable
        name="object-customers"
        headers={[l.name, l.phone, l.interests]}
        empty={l.empty}
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
