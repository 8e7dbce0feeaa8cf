/**
 * `/app/returns?id=<uuid>`: one return — its fields, items in the courier's order with photos,
 * the history from the audit log, and (while pending) the manager's accept / reject / cancel
 * buttons as the `return_actions` island.
 *
 * @module
 */
import { Island } from "../components/island.tsx";
import { BackLink, NotFound } from "../components/list_page.tsx";
import { FieldTable, ListTable, serverTime, TimeCell } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import ReturnActions from "../islands/return_actions.tsx";
import type { PageContext } from "../page.ts";
import { loadRecord, serverCaller } from "../trpc_server.ts";

/** The CSS class of a return's status badge (the stylesheet's job colours). */
export const STATUS_CLASS: Record<string, string> = {
  pending: "status status-running",
  accepted: "status status-done",
  rejected: "status status-dead",
  cancelled: "status status-failed",
};

const BACK = "/app/returns";

/** A photo reference as a safe link: only http(s) URLs and same-site paths become links. */
function Photo({ href, n, label }: { href: string; n: number; label: string }) {
  const text = fmt(label, { n });
  if (/^\/[^/\\]/.test(href)) {
    // Same-site files (the storage's own URLs) are shown; the CSP allows images from 'self'.
    return (
      <a href={href}>
        <img src={href} alt={text} width={96} />
      </a>
    );
  }
  if (/^https?:\/\//i.test(href)) {
    return <a href={href} target="_blank" rel="noopener noreferrer">{text}</a>;
  }
  return <span>{href}</span>;
}

function short(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Renders the return `id`, or a "not found" message. */
export async function renderReturnDetail(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.returns;
  const caller = serverCaller(ctx);
  const found = await loadRecord(
    id,
    () => Promise.all([caller.returns.get({ id }), caller.returns.history({ id })]),
  );
  if (!found) return <NotFound href={BACK} back={l.back} message={l.notFound} />;
  const [r, history] = found;
  const names = new Map(history.map((h) => [h.actor_id, h.actor_name]));
  const fields: [string, string][] = [
    [l.fieldSource, l.sources[r.source]],
    [l.fieldCourier, r.courier_id],
    [l.fieldOrder1c, r.order_id_1c ?? "—"],
    [l.fieldManager, r.manager_id ? names.get(r.manager_id) ?? r.manager_id : "—"],
    [l.fieldComment, r.comment ?? "—"],
    [l.fieldReason, r.status_reason ?? "—"],
    [l.fieldOneC, r.onec_document_id ?? (r.status === "accepted" ? l.oneCPending : "—")],
    [l.fieldCreated, serverTime(r.created_at, lang)],
    [l.fieldUpdated, serverTime(r.updated_at, lang)],
  ];
  return (
    <>
      <BackLink href={BACK} label={l.back} />
      <h1>{fmt(l.detailTitle, { id: r.id.slice(0, 8) })}</h1>
      <p>
        <span class={STATUS_CLASS[r.status]} data-return-status={r.status}>
          {l.statuses[r.status]}
        </span>
      </p>
      <FieldTable name="fields" value="return" rows={fields} />
      {r.status === "pending" && (
        <Island name="return_actions" component={ReturnActions} props={{ id: r.id, labels: l }} />
      )}
      <h2>{l.items}</h2>
      <ListTable
        name="return-items"
        headers={[
          l.colNo,
          l.colSku,
          l.colQty,
          l.colQuality,
          l.colReason,
          l.colNote,
          l.colImei,
          l.colSerial,
          l.colPhotos,
        ]}
      >
        {r.items.map((item, i) => (
          <tr key={item.line_id} data-line={i + 1}>
            <td class="num">{i + 1}</td>
            <td>{item.sku}</td>
            <td class="num">{item.qty}</td>
            <td>{l.qualities[item.quality]}</td>
            <td>{item.reason_code}</td>
            <td>{item.reason_note ?? ""}</td>
            <td>{item.imei ?? ""}</td>
            <td>{item.serial ?? ""}</td>
            <td>
              {item.photos.map((p, n) => <Photo key={p} href={p} n={n + 1} label={l.photo} />)}
            </td>
          </tr>
        ))}
      </ListTable>
      <h2>{l.history}</h2>
      <ListTable
        name="return-history"
        headers={[l.colWhen, l.colAction, l.colWho, l.colChanges]}
      >
        {history.map((h, i) => (
          <tr key={i} data-action={h.action}>
            <TimeCell at={h.at} lang={lang} />
            <td>{l.actions[h.action as keyof typeof l.actions] ?? h.action}</td>
            <td>{h.actor_name ?? l.system}</td>
            <td>
              {Object.entries(h.changes).filter(([k]) => k !== "items").map(([k, c]) => (
                <div key={k}>{k}: {short(c.from)} → {short(c.to)}</div>
              ))}
              {"items" in h.changes && <div>{l.items}</div>}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
