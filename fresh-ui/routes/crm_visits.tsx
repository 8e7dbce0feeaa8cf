/**
 * `/app/crm/visits`: visits in the user's scope (an engineer's own) with filters, through
 * tRPC `crm.visits.list`; `?id=<uuid>` shows a visit with the completion form (island
 * `crm_visit_complete`) while it is open.
 *
 * @module
 */
import { Island } from "../components/island.tsx";
import { formatTime } from "../components/job_row.tsx";
import {
  BADGE,
  ErrorLine,
  FieldsTable,
  FilterForm,
  FilterSelect,
  listInput,
  ListTable,
  Pager,
  tryLoad,
} from "../components/crm_parts.tsx";
import VisitComplete from "../islands/crm_visit_complete.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";
import { VISIT_STATUSES } from "../../db/schema_crm.ts";

const PATH = "/app/crm/visits";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function renderList(ctx: PageContext) {
  const { t, lang, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).crm.visits.list(q as never));
  return (
    <>
      <h1>{l.visitsTitle}</h1>
      <p class="intro">{l.visitsIntro}</p>
      <FilterForm l={l} path={PATH}>
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
      </FilterForm>
      <ErrorLine l={l} error={list.error} />
      <ListTable
        l={l}
        name="crm-visits"
        headers={[l.visit, l.status, l.scheduled, l.finished, l.nextAction, l.outcome]}
        count={list.data?.items.length}
      >
        {list.data?.items.map((v) => (
          <tr key={v.id} data-visit-id={v.id}>
            <td>
              <a href={`${PATH}?id=${v.id}`}>{v.id.slice(0, 8)}</a>
            </td>
            <td>
              <span class={BADGE[v.status]}>{l.visitStatuses[v.status]}</span>
            </td>
            <td class="times">
              {v.scheduled_at ? formatTime(v.scheduled_at, lang, false) : "—"}
            </td>
            <td class="times">{v.finished_at ? formatTime(v.finished_at, lang, false) : "—"}</td>
            <td class="times">
              {v.next_action_due_at ? formatTime(v.next_action_due_at, lang, false) : "—"}
            </td>
            <td>{v.outcome_text ?? ""}</td>
          </tr>
        ))}
      </ListTable>
      {list.data && <Pager l={l} url={url} page={list.data} />}
    </>
  );
}

async function renderCard(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.crm;
  const back = (
    <p>
      <a href={PATH}>{l.backToVisits}</a>
    </p>
  );
  const caller = serverCaller(ctx);
  const v = UUID.test(id) ? (await tryLoad(() => caller.crm.visits.get({ id }))).data : undefined;
  if (!v) {
    return (
      <>
        {back}
        <p class="error" role="alert">{l.notFound}</p>
      </>
    );
  }
  const object = (await tryLoad(() => caller.crm.objects.get({ id: v.object_id }))).data;
  const time = (at: string | null) => (at ? formatTime(at, lang, false) : "—");
  const fields: [string, string][] = [
    [l.address, object?.address ?? v.object_id],
    [l.scheduled, time(v.scheduled_at)],
    [l.finished, time(v.finished_at)],
    [l.nextAction, time(v.next_action_due_at)],
    [l.interests, v.interests.map((i) => l.interestLabels[i]).join(", ") || "—"],
    [l.outcome, v.outcome_text ?? "—"],
    [l.version, String(v.version)],
  ];
  const open = v.status === "PLANNED" || v.status === "IN_PROGRESS";
  return (
    <>
      {back}
      <h1 data-visit-id={v.id}>{`${l.visit} ${v.id.slice(0, 8)}`}</h1>
      <p>
        <span class={BADGE[v.status]} data-visit-status={v.status}>
          {l.visitStatuses[v.status]}
        </span>
      </p>
      <FieldsTable name="visit-fields" fields={fields} />
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
