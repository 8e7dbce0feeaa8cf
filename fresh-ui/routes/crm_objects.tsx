/**
 * `/app/crm/objects`: the objects of the user's cities with filters (city, status, type,
 * address) in a map-free table, loaded through tRPC `crm.objects.list`; `?id=<uuid>` shows an
 * object's card with its visits and customers (`crm_object_card.tsx`).
 *
 * @module
 */
import { BADGE } from "../components/crm_badges.ts";
import { CrmListPage, listInput } from "../components/crm_parts.tsx";
import { FilterSelect, FilterText } from "../components/list_page.tsx";
import { TimeCell } from "../components/table.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";
import { OBJECT_STATUSES, OBJECT_TYPES } from "../../db/schema_crm.ts";
import { renderObjectCard } from "./crm_object_card.tsx";

const PATH = "/app/crm/objects";

async function renderList(ctx: PageContext) {
  const { t, lang, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const caller = serverCaller(ctx);
  const [cities, list] = await Promise.all([
    tryLoad(() => caller.crm.dictionaries.cities()),
    tryLoad(() => caller.crm.objects.list(q as never)),
  ]);
  const cityName = new Map((cities.data ?? []).map((c) => [c.id, c.name]));
  return (
    <CrmListPage
      ctx={ctx}
      section="objects"
      fields={
        <>
          <FilterSelect
            name="city_id"
            label={l.city}
            value={q.city_id}
            any={l.any}
            options={(cities.data ?? []).map((c) => [c.id, c.name])}
          />
          <FilterSelect
            name="status"
            label={l.status}
            value={q.status}
            any={l.any}
            options={OBJECT_STATUSES.map((s) => [s, l.objectStatuses[s]])}
          />
          <FilterSelect
            name="type"
            label={l.type}
            value={q.type}
            any={l.any}
            options={OBJECT_TYPES.map((s) => [s, l.objectTypes[s]])}
          />
          <FilterText name="search" label={l.search} value={q.search} maxLength={200} />
        </>
      }
      error={list.error ?? cities.error}
      headers={[l.address, l.city, l.type, l.status, l.visitsCount, l.lastVisit, l.updated]}
      page={list.data}
    >
      {list.data?.items.map((o) => (
        <tr key={o.id} data-object-id={o.id}>
          <td>
            <a href={`${PATH}?id=${o.id}`}>{o.address}</a>
          </td>
          <td>{cityName.get(o.city_id) ?? ""}</td>
          <td>{l.objectTypes[o.type]}</td>
          <td>
            <span class={BADGE[o.status]}>{l.objectStatuses[o.status]}</span>
          </td>
          <td class="num">{o.visits_count}</td>
          <TimeCell at={o.last_visit_at} lang={lang} />
          <TimeCell at={o.updated_at} lang={lang} />
        </tr>
      ))}
    </CrmListPage>
  );
}

function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  return id ? renderObjectCard(ctx, id) : renderList(ctx);
}

/** The objects page. */
export const crmObjectsPage: UiPage = { title: (t) => t.crm.objectsTitle, render };
