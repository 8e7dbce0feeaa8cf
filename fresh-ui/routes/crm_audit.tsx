/**
 * `/app/crm/audit`: the audit log (ADMIN: everything; SUPERVISOR: the CRM's entries) with
 * filters by entity, action and record, through tRPC `audit.list`, newest first.
 *
 * @module
 */
import { CrmListPage, listInput } from "../components/crm_parts.tsx";
import { FilterSelect, FilterText } from "../components/list_page.tsx";
import { TimeCell } from "../components/table.tsx";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";
import { AUDIT_ACTIONS, CRM_AUDIT_ENTITIES } from "../../routers/audit/list.ts";

const ENTITIES = [...CRM_AUDIT_ENTITIES, "user"];

async function render(ctx: PageContext) {
  const { t, lang, url } = ctx;
  const l = t.crm;
  const q = listInput(url);
  const list = await tryLoad(() => serverCaller(ctx).audit.list(q as never));
  return (
    <CrmListPage
      ctx={ctx}
      section="audit"
      fields={
        <>
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
          <FilterText name="entity_id" label={l.entityId} value={q.entity_id} maxLength={128} />
        </>
      }
      error={list.error}
      headers={[l.when, l.who, l.action, l.entityType, l.entityId, l.changes, l.ip]}
      page={list.data}
    >
      {list.data?.items.map((e) => (
        <tr key={e.id} data-audit-id={e.id} data-action={e.action}>
          <TimeCell at={e.occurred_at} lang={lang} />
          <td>{e.actor_name ?? l.system}</td>
          <td>{e.action}</td>
          <td>{e.entity_type}</td>
          <td>{e.entity_id.slice(0, 8)}</td>
          <td>{e.changes_summary}</td>
          <td>{e.ip_address ?? ""}</td>
        </tr>
      ))}
    </CrmListPage>
  );
}

/** The audit page. */
export const crmAuditPage: UiPage = { title: (t) => t.crm.auditTitle, render };
