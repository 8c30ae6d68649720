import { useId, useState, type FormEvent } from "react";
import type { Schemas } from "../../api/client";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { formatPrice } from "../../lib/format";
import { parsePrice } from "./adminLogic";
import { useAdminProducts, useSaveProduct } from "./queries";

type Product = Schemas["Product"];
type Status = NonNullable<Schemas["ProductUpdate"]["status"]>;

function EditRow({ product, onSaved, onCancel }: { product: Product; onSaved: (p: Product) => void; onCancel: () => void }) {
  const id = useId();
  const saveProduct = useSaveProduct();
  const [price, setPrice] = useState((product.price.amount / 100).toFixed(2));
  const [stock, setStock] = useState(String(product.stock));
  const [status, setStatus] = useState<Status>(product.status as Status);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    const amount = parsePrice(price);
    const units = Number(stock);
    if (amount === null) return setProblem({ title: "Enter a price like 12.50" });
    if (!Number.isInteger(units) || units < 0) return setProblem({ title: "Stock is a whole number, 0 or more" });
    setBusy(true);
    setProblem(null);
    try {
      const saved = await saveProduct.mutateAsync({
        params: { path: { sku: product.sku }, header: { "if-match": String(product.version) } },
        body: { price: { amount, currency: product.price.currency }, stock: units, status },
      });
      onSaved(saved);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr className="admin-edit">
      <td colSpan={6}>
        <form className="admin-edit__form" onSubmit={save} aria-label={`Edit ${product.name}`}>
          <p className="admin-edit__title">
            <strong>{product.name}</strong> <span className="muted">{product.sku}</span>
          </p>
          <div className="field">
            <label htmlFor={`${id}-price`}>Price ({product.price.currency})</label>
            <input id={`${id}-price`} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-stock`}>Stock</label>
            <input id={`${id}-stock`} inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
              <option value="active">Active (on sale)</option>
              <option value="draft">Draft (hidden)</option>
              <option value="archived">Archived</option>
            </select>
          </div>
          <div className="admin-edit__actions">
            <button type="submit" className="button button--small" disabled={busy} aria-busy={busy}>
              {busy ? "Saving…" : "Save"}
            </button>
            <button type="button" className="link-button" onClick={onCancel}>
              Cancel
            </button>
          </div>
          {problem ? <ProblemMessage problem={problem} compact /> : null}
        </form>
      </td>
    </tr>
  );
}

export default function ProductsAdmin() {
  const id = useId();
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const products = useAdminProducts(query);
  const data = products.data;

  function search(event: FormEvent) {
    event.preventDefault();
    setEditing(null);
    setQuery(q.trim());
  }

  return (
    <section aria-labelledby="admin-products">
      <PageHeading title="Products & stock">
        <span id="admin-products">Products &amp; stock</span>
      </PageHeading>
      <form role="search" className="admin-search" onSubmit={search}>
        <label htmlFor={`${id}-q`}>Find products</label>
        <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, SKU, author…" />
        <button type="submit" className="button button--small">
          Find
        </button>
      </form>
      <div role="status" aria-live="polite" className="admin-notice">
        {notice}
      </div>
      {products.isPending ? <Loading label="Loading products…" /> : null}
      {products.isError && !data ? (
        <ProblemMessage problem={problemFrom(products.error)} onRetry={() => void products.refetch()} />
      ) : null}
      {data ? (
        <div className="table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Products</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Stock
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => {
                return editing === p.sku ? (
                  <EditRow
                    key={p.sku}
                    product={p}
                    onCancel={() => setEditing(null)}
                    onSaved={(updated) => {
                      setEditing(null);
                      setNotice(`Saved ${updated.name}.`);
                    }}
                  />
                ) : (
                  <tr key={p.sku}>
                    <th scope="row">
                      {p.name}
                      <span className="muted admin-table__sku">{p.sku}</span>
                    </th>
                    <td>{p.category}</td>
                    <td className="num">{formatPrice(p.price.amount, p.price.currency)}</td>
                    <td className={p.stock <= 5 ? "num low" : "num"}>{p.stock}</td>
                    <td>
                      <span className={`status status--${p.status}`}>{p.status}</span>
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setEditing(p.sku)}>
                        Edit<span className="visually-hidden"> {p.name}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">
            Showing {data.items.length} of {data.total}.
          </p>
        </div>
      ) : null}
    </section>
  );
}
