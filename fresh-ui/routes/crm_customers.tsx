/**
 * `/app/crm/customers`: customers at objects of the user's cities, with filters (name,
 * interests, rating), through tRPC `crm.customers.list` — phones and e-mails come masked for
 * engineers from the API's one serializer.
 *
 * @module
 */
import {
  ErrorLine,
  FilterForm,
  FilterSelect,
  listInput,
  ListTable,
  Pager,
  tryLoad,
} from "../components/crm_parts.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";
import { INTERESTS } from "../../db/schema_crm.ts";

const PATH = "/app/crm/customers";

async function render(ctx: PageContext) {
  const { t, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).crm.customers.list(q as never));
  const yesNo = (v: boolean | null) => (v === null ? "—" : v ? l.yes : l.no);
  return (
    <>
      <h1>{l.customersTitle}</h1>
      <p class="intro">{l.customersIntro}</p>
      <FilterForm l={l} path={PATH}>
        <label>
          {l.name}
          <input name="q" value={q.q ?? ""} maxLength={200} />
        </label>
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
      </FilterForm>
      <ErrorLine l={l} error={list.error} />
      <ListTable
        l={l}
        name="crm-customers"
        headers={[l.name, l.phone, l.email, l.provider, l.rating, l.interests, l.consent]}
        count={list.data?.items.length}
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
      </ListTable>
      {list.data && <Pager l={l} url={url} page={list.data} />}
    </>
  );
}

/** The customers page. */
export const crmCustomersPage: UiPage = { title: (t) => t.crm.customersTitle, render };
