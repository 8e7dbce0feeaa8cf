/**
 * `/app/crm/customers`: customers at objects of the user's cities, with filters (name,
 * interests, rating), through tRPC `crm.customers.list` — phones and e-mails come masked for
 * engineers from the API's one serializer.
 *
 * @module
 */
import { CrmListPage, listInput } from "../components/crm_parts.tsx";
import { FilterSelect, FilterText } from "../components/list_page.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";
import { INTERESTS } from "../../db/schema_crm.ts";

async function render(ctx: PageContext) {
  const { t, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).crm.customers.list(q as never));
  const yesNo = (v: boolean | null) => (v === null ? "—" : v ? l.yes : l.no);
  return (
    <CrmListPage
      ctx={ctx}
      section="customers"
      fields={
        <>
          <FilterText name="q" label={l.name} value={q.q} maxLength={200} />
          <FilterSelect
            name="interests"
            label={l.interests}
            value={q.interests}
            any={l.any}
            options={INTERESTS.map((i) => [i, l.interestLabels[i]])}
          />
          <FilterSelect
            name="rating_min"
            label={l.ratingMin}
            value={q.rating_min}
            any={l.any}
            options={["1", "2", "3", "4", "5"].map((n) => [n, n])}
          />
        </>
      }
      error={list.error}
      headers={[l.name, l.phone, l.email, l.provider, l.rating, l.interests, l.consent]}
      page={list.data}
    >
      {list.data?.items.map((c) => (
        <tr key={c.id} data-customer-id={c.id}>
          <td>
            <a href={`/app/crm/objects?id=${c.object_id}`}>{c.full_name ?? "—"}</a>
          </td>
          <td>{c.phone ?? "—"}</td>
          <td>{c.email ?? "—"}</td>
          <td>{c.current_provider ?? "—"}</td>
          <td class="num">{c.provider_rating ?? "—"}</td>
          <td>{c.interests.map((i) => l.interestLabels[i]).join(", ")}</td>
          <td>{yesNo(c.gdpr_consent)}</td>
        </tr>
      ))}
    </CrmListPage>
  );
}

/** The customers page. */
export const crmCustomersPage: UiPage = { title: (t) => t.crm.customersTitle, render };
