/**
 * `/app/crm/audit`: the audit log (ADMIN: everything; SUPERVISOR: the CRM's entries) with
 * filters by entity, action and record, through tRPC `audit.list`, newest first.
 *
 * @module
 */
import { formatTime } from "../components/job_row.tsx";
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
import { AUDIT_ACTIONS } from "../../routers/audit/list.ts";

const PATH = "/app/crm/audit";
const ENTITIES = ["object", "visit", "customer", "report_job", "user"];

async function render(ctx: PageContext) {
  const { t, lang, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).audit.list(q as never));
  return (
    <>
      <h1>{l.auditTitle}</h1>
      <p class="intro">{l.auditIntro}</p>
      <FilterForm l={l} path={PATH}>
        <FilterSelect
          name="entity_type"
          label={l.entityType}
          value={q.entity_type}
          any={l.any}
          options={ENTITIES.map((e) => [e, e])}
        />
        <FilterSelect
          name="action"
          label={l.action}
          value={q.action}
          any={l.any}
          options={AUDIT_ACTIONS.map((a) => [a, a])}
        />
        <label>
          {l.entityId}
          <input name="entity_id" value={q.entity_id ?? ""} maxLength={128} />
        </label>
      </FilterForm>
      <ErrorLine l={l} error={list.error} />
      <ListTable
        l={l}
        name="crm-audit"
        headers={[l.when, l.who, l.action, l.entityType, l.entityId, l.changes, l.ip]}
        count={list.data?.items.length}
      >
        {list.data?.items.map((e) => (
          <tr key={e.id} data-audit-id={e.id} data-action={e.action}>
            <td class="times">{formatTime(e.occurred_at, lang, false)}</td>
            <td>{e.actor_name ?? l.system}</td>
            <td>{e.action}</td>
            <td>{e.entity_type}</td>
            <td>{e.entity_id.slice(0, 8)}</td>
            <td>{e.changes_summary}</td>
            <td>{e.ip_address ?? ""}</td>
          </tr>
        ))}
      </ListTable>
      {list.data && <Pager l={l} url={url} page={list.data} />}
    </>
  );
}

/** The audit page. */
export const crmAuditPage: UiPage = { title: (t) => t.crm.auditTitle, render };
