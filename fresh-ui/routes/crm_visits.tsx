/**
 * `/app/crm/visits`: visits in the user's scope (an engineer's own) with filters, through
 * tRPC `crm.visits.list`; `?id=<uuid>` shows a visit with the completion form (island
 * `crm_visit_complete`) while it is open.
 *
 * @module
 */
import { BADGE } from "../components/crm_badges.ts";
import { CrmListPage, listInput, VisitCells } from "../components/crm_parts.tsx";
import { Island } from "../components/island.tsx";
import { BackLink, FilterSelect, NotFound } from "../components/list_page.tsx";
import { FieldTable, serverTime, TimeCell } from "../components/table.tsx";
import VisitComplete from "../islands/crm_visit_complete.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { loadRecord, serverCaller, tryLoad } from "../trpc_server.ts";
import { VISIT_STATUSES } from "../../db/schema_crm.ts";

const PATH = "/app/crm/visits";

async function renderList(ctx: PageContext) {
  const { t, lang, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).crm.visits.list(q as never));
  return (
    <CrmListPage
      ctx={ctx}
      section="visits"
      fields={
        <>
          <FilterSelect
            name="status"
            label={l.status}
            value={q.status}
            any={l.any}
            options={VISIT_STATUSES.map((s) => [s, l.visitStatuses[s]])}
          />
          <label>
            <input
              type="checkbox"
              name="next_action_due"
              value="true"
              checked={q.next_action_due === "true"}
            />
            {l.dueOnly}
          </label>
        </>
      }
      error={list.error}
      headers={[l.visit, l.status, l.scheduled, l.finished, l.nextAction, l.outcome]}
      page={list.data}
    >
      {list.data?.items.map((v) => (
        <tr key={v.id} data-visit-id={v.id}>
          <VisitCells l={l} lang={lang} visit={v} />
          <TimeCell at={v.finished_at} lang={lang} />
          <TimeCell at={v.next_action_due_at} lang={lang} />
          <td>{v.outcome_text ?? ""}</td>
        </tr>
      ))}
    </CrmListPage>
  );
}

async function renderCard(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.crm;
  const caller = serverCaller(ctx);
  const v = await loadRecord(id, () => caller.crm.visits.get({ id }));
  if (!v) return <NotFound href={PATH} back={l.backToVisits} message={l.notFound} />;
  const object = (await tryLoad(() => caller.crm.objects.get({ id: v.object_id }))).data;
  const fields: [string, string][] = [
    [l.address, object?.address ?? v.object_id],
    [l.scheduled, serverTime(v.scheduled_at, lang)],
    [l.finished, serverTime(v.finished_at, lang)],
    [l.nextAction, serverTime(v.next_action_due_at, lang)],
    [l.interests, v.interests.map((i) => l.interestLabels[i]).join(", ") || "—"],
    [l.outcome, v.outcome_text ?? "—"],
    [l.version, String(v.version)],
  ];
  const open = v.status === "PLANNED" || v.status === "IN_PROGRESS";
  return (
    <>
      <BackLink href={PATH} label={l.backToVisits} />
      <h1 data-visit-id={v.id}>{`${l.visit} ${v.id.slice(0, 8)}`}</h1>
      <p>
        <span class={BADGE[v.status]} data-visit-status={v.status}>
          {l.visitStatuses[v.status]}
        </span>
      </p>
      <FieldTable name="visit-fields" rows={fields} />
      {open && (
        <Island
          name="crm_visit_complete"
          component={VisitComplete}
          props={{ id: v.id, version: v.version, interests: v.interests, labels: l }}
        />
      )}
    </>
  );
}

function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  return id ? renderCard(ctx, id) : renderList(ctx);
}

/** The visits page. */
export const crmVisitsPage: UiPage = { title: (t) => t.crm.visitsTitle, render };
