/**
 * `/app/ww`: the Walking Warehouse board — orders in one column per status (a courier sees only
 * its own), the couriers and the 1C / report exports for dispatchers; `?order=<id>` shows one
 * order with its goods and status log. Everything loads on the server through tRPC `ww.*`.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { formatTime } from "../components/job_row.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";
import { FieldTable, HeadRow, NotFound } from "./returns_parts.tsx";
import { isManager } from "../../routers/returns/roles.ts";
import { ORDER_STATUSES } from "../../routers/ww/schemas.ts";

const PER_COLUMN = 20;

async function renderOrder(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.ww;
  const caller = serverCaller(ctx);
  let order;
  let log;
  try {
    [order, log] = await Promise.all([caller.ww.orders.get({ id }), caller.ww.orders.logs({ id })]);
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    return <NotFound href="/app/ww" back={l.back} message={l.notFound} />;
  }
  const fields: [string, string][] = [
    [l.fieldStatus, l.statuses[order.status]],
    [l.fieldCustomer, order.customer_name],
    [l.fieldCourier, order.courier_id ?? l.noCourier],
    [l.fieldTotal, `${order.total_amount} ${order.currency_code}`],
    [l.fieldNotes, order.notes ?? "—"],
    [l.fieldOneC, order.onec_document_id ?? (order.status === "DONE" ? l.oneCPending : "—")],
  ];
  return (
    <>
      <p>
        <a href="/app/ww">{l.back}</a>
      </p>
      <h1>{fmt(l.orderTitle, { id: order.id })}: {order.title}</h1>
      <FieldTable name="order" rows={fields} />
      <h2>{l.items}</h2>
      <table class="jobs-table" data-order-items="true">
        <HeadRow labels={[l.colSku, l.colItem, l.colQty, l.colPrice]} />
        <tbody>
          {order.items.map((i) => (
            <tr key={i.sku}>
              <td>{i.sku}</td>
              <td>{i.name}</td>
              <td class="num">{i.qty}</td>
              <td class="num">{i.price}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l.log}</h2>
      <table class="jobs-table" data-order-log="true">
        <HeadRow labels={[l.colWhen, l.colFrom, l.colTo, l.colPlace, l.colNote]} />
        <tbody>
          {log.map((e) => (
            <tr key={e.id} data-to={e.to_status}>
              <td class="times">{formatTime(e.at, lang, false)}</td>
              <td>{e.from_status ? l.statuses[e.from_status] : "—"}</td>
              <td>{l.statuses[e.to_status]}</td>
              <td>{e.lat !== null && e.lon !== null ? `${e.lat}, ${e.lon}` : ""}</td>
              <td>{e.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

async function renderBoard(ctx: PageContext) {
  const l = ctx.t.ww;
  const caller = serverCaller(ctx);
  const manager = isManager(ctx.actor.roles);
  const [columns, couriers] = await Promise.all([
    Promise.all(
      ORDER_STATUSES.map((status) => caller.ww.orders.list({ status, page_size: PER_COLUMN })),
    ),
    manager ? caller.ww.couriers.list({ page_size: 100 }) : Promise.resolve(undefined),
  ]);
  return (
    <>
      <h1>{l.title}</h1>
      <p class="intro">{l.intro}</p>
      <h2>{l.board}</h2>
      <ul class="tiles" data-ww-board="true">
        {ORDER_STATUSES.map((status, i) => {
          const page = columns[i];
          return (
            <li key={status} data-column={status}>
              <h3>
                {l.statuses[status]}{" "}
                <span class="badge">{fmt(l.count, { n: page.total_items })}</span>
              </h3>
              {page.items.length === 0 && <p class="empty">{l.emptyColumn}</p>}
              <ul>
                {page.items.map((o) => (
                  <li key={o.id} data-order-id={o.id}>
                    <a href={`/app/ww?order=${encodeURIComponent(o.id)}`}>{o.title}</a>
                    <div class="times">
                      {o.customer_name} · {o.total_amount} {o.currency_code} ·{" "}
                      {o.courier_id ?? l.noCourier}
                    </div>
                  </li>
                ))}
              </ul>
              {page.has_next && (
                <p class="times">{fmt(l.more, { n: page.total_items - page.items.length })}</p>
              )}
            </li>
          );
        })}
      </ul>
      {manager && (
        <>
          <h2>{l.exports}</h2>
          <ul>
            <li>
              <a href="/api/v1/ww/export/kmp4">{l.kmp4}</a>
            </li>
            <li>
              <a href="/api/v1/ww/report/deliveries?format=csv">{l.reportCsv}</a>
            </li>
            <li>
              <a href="/api/v1/ww/report/deliveries">{l.reportJson}</a>
            </li>
          </ul>
        </>
      )}
      {couriers && (
        <>
          <h2>{l.couriers}</h2>
          <table class="jobs-table" data-couriers="true">
            <HeadRow labels={[l.colId, l.colName, l.colPhone, l.colActive]} />
            <tbody>
              {couriers.items.map((c) => (
                <tr key={c.id} data-courier-id={c.id}>
                  <td>{c.id}</td>
                  <td>{c.display_name}</td>
                  <td>{c.phone ?? ""}</td>
                  <td>{c.is_active ? l.yes : l.no}</td>
                </tr>
              ))}
              {couriers.items.length === 0 && (
                <tr>
                  <td colSpan={4} class="empty">{l.noCouriers}</td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function render(ctx: PageContext) {
  const order = ctx.url.searchParams.get("order");
  return order ? renderOrder(ctx, order.slice(0, 64)) : renderBoard(ctx);
}

/** The Walking Warehouse board. */
export const wwBoardPage: UiPage = { title: (t) => t.ww.title, render };
