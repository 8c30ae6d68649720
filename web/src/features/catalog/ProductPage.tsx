import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { problemFrom } from "../../api/problem";
import { GridSkeleton } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { categoryInfo } from "../../lib/categories";
import { useRecordInteraction } from "../../lib/interactions";
import { useAddToCart } from "../cart/queries";
import { attributeRows, stockLabel, subtitle } from "./product";
import { ProductGrid } from "./ProductCard";
import { useProduct } from "./queries";

function AddToCart({ sku, inStock, max }: { sku: string; inStock: boolean; max: number }) {
  const addToCart = useAddToCart();
  const { reset } = addToCart;
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  useEffect(() => {
    setAdded(null);
    reset();
    setQuantity(1);
  }, [sku, reset]);
  if (!inStock) return <p className="muted">Sold out for now; check back soon.</p>;
  const busy = addToCart.isPending;
  const problem = addToCart.error ? problemFrom(addToCart.error) : null;
  function add() {
    addToCart.mutate({ body: { sku, quantity, source: "product" } }, { onSuccess: () => setAdded(quantity) });
  }
  return (
    <div className="buy">
      <div className="buy__row">
        <label className="buy__quantity">
          <span>Quantity</span>
          <select value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
            {Array.from({ length: Math.max(1, Math.min(max, 10)) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={add} disabled={busy} aria-busy={busy}>
          {busy ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {added ? (
          <p className="buy__added">
            Added {added} to your cart. <Link to="/cart">View cart</Link>
          </p>
        ) : null}
      </div>
      {problem ? <ProblemMessage problem={problem} compact /> : null}
    </div>
  );
}

export default function ProductPage() {
  const { sku = "" } = useParams();
  const query = useProduct(sku);
  const page = query.data ?? null;
  const recordInteraction = useRecordInteraction();
  const loaded = page ? page.product.sku : null;
  useEffect(() => {
    if (loaded) recordInteraction({ sku: loaded, kind: "view", source: "product" });
  }, [loaded, recordInteraction]);
  function relatedClicked(clicked: string) {
    if (!page) return;
    recordInteraction({
      sku: clicked,
      kind: "click",
      source: page.related_source === "curation" ? "similar" : "related",
      recommendation_id: page.recommendation_id ?? null,
      model_version: page.model_version ?? null,
    });
  }

  if (query.isError && !page) {
    const problem = problemFrom(query.error);
    return (
      <div className="page page--narrow">
        <PageHeading title={problem.title}>
          {problem.status === 404 ? "We couldn’t find that product" : "This product didn’t load"}
        </PageHeading>
        <ProblemMessage problem={problem} onRetry={() => void query.refetch()} />
        <p>
          <Link to="/">Back to the shop</Link>
        </p>
      </div>
    );
  }

  const product = page?.product;
  const info = categoryInfo(product?.category);
  return (
    <div className={`page page--product theme--${product?.category ?? "none"}`}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Home</Link>
          </li>
          {info ? (
            <li>
              <Link to={`/categories/${info.key}`}>{info.label}</Link>
            </li>
          ) : null}
          <li aria-current="page">{product?.name ?? "…"}</li>
        </ol>
      </nav>

      <article className="product" aria-busy={query.isPending}>
        <div className="product__media">
          {product?.images[0] ? (
            <img src={product.images[0]} alt={`${product.name}, illustration`} width={600} height={800} />
          ) : (
            <div className="skeleton product__media-skeleton" />
          )}
        </div>
        <div className="product__info">
          <PageHeading title={product?.name} eyebrow={info?.singular}>
            {product?.name ?? "Loading product…"}
          </PageHeading>
          {product ? (
            <>
              <p className="product__subtitle">{subtitle(product.category, product.attributes)}</p>
              <p className="product__price">{product.price.display}</p>
              <p className={product.in_stock ? (product.few_left ? "stock stock--low" : "stock") : "stock stock--out"}>
                {stockLabel(product.in_stock, product.few_left)}
              </p>
              <AddToCart sku={product.sku} inStock={product.in_stock} max={product.few_left ?? 10} />
              <p className="product__description">{product.description}</p>
              <h2 className="product__details-heading">Details</h2>
              <dl className="details details--attributes">
                {attributeRows(product.attributes).map((row) => (
                  <div key={row.label} className="details__row">
                    <dt>{row.label}</dt>
                    <dd>{row.value}</dd>
                  </div>
                ))}
              </dl>
              {product.tags.length ? (
                <ul className="tags" aria-label="Tags">
                  {product.tags.map((tag) => (
                    <li key={tag}>
                      <Link className="tag" to={`/categories/${product.category}?facet=${encodeURIComponent(`tag:${tag}`)}`}>
                        {tag.replace(/-/g, " ")}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : (
            <div aria-hidden="true">
              <div className="skeleton skeleton--line" />
              <div className="skeleton skeleton--line skeleton--short" />
            </div>
          )}
        </div>
      </article>

      <section className="related" aria-labelledby="related-heading">
        <h2 id="related-heading" className="section-title">
          More like this
        </h2>
        {page ? (
          page.related.length ? (
            <ProductGrid products={page.related} label="More like this" onSelect={relatedClicked} />
          ) : (
            <p className="muted">Nothing similar right now.</p>
          )
        ) : (
          <GridSkeleton count={4} />
        )}
      </section>
    </div>
  );
}
