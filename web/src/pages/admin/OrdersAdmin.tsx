import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { problemFrom, unwrap, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { OrderStatusBadge, orderDate, shortId } from "../../components/OrderStatus";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { ShippingAddressBlock } from "../../components/ShippingAddress";
import { STATUS_LABELS } from "../../lib/checkout";
import { formatPrice } from "../../lib/format";
import { useLoad } from "../../lib/useLoad";

type Order = Schemas["Order"];
type Status = Order["status"];

const NEXT: Partial<Record<Status, "processing" | "shipped" | "delivered">> = {
  confirmed: "processing",
  processing: "shipped",
  shipped: "delivered",
};
const ACTION: Record<"processing" | "shipped" | "delivered", string> = {
  processing: "Start preparing",
  shipped: "Mark shipped",
  delivered: "Mark delivered",
};

export default function OrdersAdmin() {
  const [filter, setFilter] = useState<Status | "">("");
  const [state, reload] = useLoad(`admin-orders-${filter}`, async (signal) =>
    unwrap(await api.GET("/api/admin/orders", { params: { query: { status: filter ? [filter] : undefined, limit: 50 } }, signal })),
  );
  const [changed, setChanged] = useState<Record<string, Order>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function advance(order: Order, status: "processing" | "shipped" | "delivered") {
    setBusy(order.id);
    setProblem(null);
    try {
      const saved = unwrap(
        await api.POST("/api/admin/orders/{order_id}/status", { params: { path: { order_id: order.id } }, body: { status } }),
      );
      setChanged((c) => ({ ...c, [saved.id]: saved }));
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="admin-orders">
      <PageHeading title="Orders">
        <span id="admin-orders">Orders</span>
      </PageHeading>
      <div className="report-filters">
        <div className="field">
          <label htmlFor="order-status-filter">Status</label>
          <select id="order-status-filter" value={filter} onChange={(e) => setFilter(e.target.value as Status | "")}>
            <option value="">All</option>
            {(Object.keys(STATUS_LABELS) as Status[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem ? <ProblemMessage problem={problem} compact /> : null}
      {state.status === "loading" ? <Loading label="Loading orders…" /> : null}
      {state.status === "error" ? <ProblemMessage problem={state.problem} onRetry={reload} /> : null}
      {state.status === "ready" ? (
        state.data.items.length ? (
          <div className="table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">Orders</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Ship to</th>
                  <th scope="col" className="num">Total</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((item) => {
                  const order = changed[item.id] ?? item;
                  const next = NEXT[order.status];
                  return (
                    <tr key={order.id}>
                      <th scope="row">
                        {shortId(order.id)}
                        <span className="muted admin-table__sku">{order.lines.map((l) => `${l.quantity}× ${l.name}`).join(", ")}</span>
                      </th>
                      <td>{orderDate(order.created_at)}</td>
                      <td>
                        {order.shipping_address ? (
                          <ShippingAddressBlock address={order.shipping_address} />
                        ) : (
                          <span className="muted">No address</span>
                        )}
                      </td>
                      <td className="num">{formatPrice(order.total.amount, order.total.currency)}</td>
                      <td>
                        <OrderStatusBadge status={order.status} />
                      </td>
                      <td>
                        {next ? (
                          <button type="button" className="link-button" disabled={busy === order.id} onClick={() => advance(order, next)}>
                            {ACTION[next]}
                            <span className="visually-hidden"> (order {shortId(order.id)})</span>
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No orders.</p>
        )
      ) : null}
    </section>
  );
}
