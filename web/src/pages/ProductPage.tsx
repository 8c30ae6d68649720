import { Link, useParams } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { PageHeading } from "../components/PageHeading";
import { ProductGrid } from "../components/ProductCard";
import { ProblemMessage } from "../components/ProblemMessage";
import { GridSkeleton } from "../components/Loading";
import { categoryInfo } from "../lib/categories";
import { attributeRows, stockLabel, subtitle } from "../lib/product";
import { useLoad } from "../lib/useLoad";

export default function ProductPage() {
  const { sku = "" } = useParams();
  const [state, reload] = useLoad(sku, async (signal) =>
    unwrap(await api.GET("/api/products/{sku}", { params: { path: { sku } }, signal })),
  );

  if (state.status === "error") {
    return (
      <div className="page page--narrow">
        <PageHeading title={state.problem.title}>
          {state.problem.status === 404 ? "We couldn’t find that product" : "This product didn’t load"}
        </PageHeading>
        <ProblemMessage problem={state.problem} onRetry={reload} />
        <p>
          <Link to="/">Back to the shop</Link>
        </p>
      </div>
    );
  }

  const product = state.data?.product;
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

      <article className="product" aria-busy={state.status === "loading"}>
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
              <p className="product__description">{product.description}</p>
              <h2 className="product__details-heading">Details</h2>
              <dl className="details">
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
        {state.status === "ready" ? (
          state.data.related.length ? (
            <ProductGrid products={state.data.related} label="More like this" />
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
