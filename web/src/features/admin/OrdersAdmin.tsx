import { useState } from "react";
import type { Schemas } from "../../api/client";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { formatPrice } from "../../lib/format";
import { STATUS_LABELS } from "../checkout/checkout";
import { OrderStatusBadge, orderDate, shortId } from "../checkout/OrderStatus";
import { ShippingAddressBlock } from "../checkout/ShippingAddress";
import { useAdminOrders, useAdvanceOrder } from "./queries";

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
  const query = useAdminOrders(filter);
  const advanceOrder = useAdvanceOrder();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function advance(order: Order, status: "processing" | "shipped" | "delivered") {
    setBusy(order.id);
    setProblem(null);
    try {
      await advanceOrder.mutateAsync({ params: { path: { order_id: order.id } }, body: { status } });
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(null);
    }
  }
  const data = query.data;

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
      {query.isPending ? <Loading label="Loading orders…" /> : null}
      {query.isError && !data ? <ProblemMessage problem={problemFrom(query.error)} onRetry={() => void query.refetch()} /> : null}
      {data ? (
        data.items.length ? (
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
                {data.items.map((order) => {
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
