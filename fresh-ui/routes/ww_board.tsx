/**
 * `/app/ww`: the Walking Warehouse board — orders in one column per status (a courier sees only
 * its own), the couriers and the 1C / report exports for dispatchers; `?order=<id>` shows one
 * order with its goods and status log. Everything loads on the server through tRPC `ww.*`.
 *
 * @module
 */
import { BackLink, NotFound } from "../components/list_page.tsx";
import { FieldTable, ListTable, TimeCell } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";
import { isManager } from "../../routers/returns/roles.ts";
import { ORDER_STATUSES } from "../../routers/ww/schemas.ts";

const PATH = "/app/ww";
const PER_COLUMN = 20;

async function renderOrder(ctx: PageContext, id: string) {
  const { t, lang } = ctx;
  const l = t.ww;
  const caller = serverCaller(ctx);
  const found = await tryLoad(() =>
    Promise.all([caller.ww.orders.get({ id }), caller.ww.orders.logs({ id })])
  );
  if (!found.data) return <NotFound href={PATH} back={l.back} message={l.notFound} />;
  const [order, log] = found.data;
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
      <BackLink href={PATH} label={l.back} />
      <h1>{fmt(l.orderTitle, { id: order.id })}: {order.title}</h1>
      <FieldTable name="fields" value="order" rows={fields} />
      <h2>{l.items}</h2>
      <ListTable name="order-items" headers={[l.colSku, l.colItem, l.colQty, l.colPrice]}>
        {order.items.map((i) => (
          <tr key={i.sku}>
            <td>{i.sku}</td>
            <td>{i.name}</td>
            <td class="num">{i.qty}</td>
            <td class="num">{i.price}</td>
          </tr>
        ))}
      </ListTable>
      <h2>{l.log}</h2>
      <ListTable name="order-log" headers={[l.colWhen, l.colFrom, l.colTo, l.colPlace, l.colNote]}>
        {log.map((e) => (
          <tr key={e.id} data-to={e.to_status}>
            <TimeCell at={e.at} lang={lang} />
            <td>{e.from_status ? l.statuses[e.from_status] : "—"}</td>
            <td>{l.statuses[e.to_status]}</td>
            <td>{e.lat !== null && e.lon !== null ? `${e.lat}, ${e.lon}` : ""}</td>
            <td>{e.note ?? ""}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}

async function renderBoard(ctx: PageContext) {
  const l = ctx.t.ww;
  const caller = serverCaller(ctx);
  const manager = isManager(ctx.actor);
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
                    <a href={`${PATH}?order=${encodeURIComponent(o.id)}`}>{o.title}</a>
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
          <ListTable
            name="couriers"
            headers={[l.colId, l.colName, l.colPhone, l.colActive]}
            empty={l.noCouriers}
            count={couriers.items.length}
          >
            {couriers.items.map((c) => (
              <tr key={c.id} data-courier-id={c.id}>
                <td>{c.id}</td>
                <td>{c.display_name}</td>
                <td>{c.phone ?? ""}</td>
                <td>{c.is_active ? l.yes : l.no}</td>
              </tr>
            ))}
          </ListTable>
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
