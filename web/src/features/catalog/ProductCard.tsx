import type { ReactNode } from "react";
import { Link } from "react-router";
import type { ProductCard as Card } from "../../api/client";
import { subtitle } from "./product";
import { categoryInfo } from "../../lib/categories";

/** What a card shows: a listing's product, or a curated pick. */
export type CardProduct = Pick<Card, "sku" | "name" | "price" | "images"> & {
  category: string;
  attributes?: Card["attributes"];
  in_stock?: boolean;
};

interface Props {
  product: CardProduct;
  /** A curated pick's reason, e.g. "Because you like dark roasts". */
  reason?: string | null;
  headingLevel?: 2 | 3;
  /** Called when the shopper follows the card's link (e.g. to record a click). */
  onSelect?: (sku: string) => void;
  /** A control of its own below the price (e.g. "Add to cart"), above the card's link. */
  action?: ReactNode;
}

export function ProductCard({ product, reason, headingLevel = 3, onSelect, action }: Props) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const line = subtitle(product.category, product.attributes ?? {});
  const image = product.images[0];
  return (
    <article className={`card card--${product.category}`}>
      <div className="card__media">
        {image ? <img src={image} alt="" loading="lazy" decoding="async" width={300} height={400} /> : null}
        {product.in_stock === false ? <span className="badge badge--muted">Sold out</span> : null}
      </div>
      <div className="card__body">
        <p className="card__eyebrow">{categoryInfo(product.category)?.singular ?? product.category}</p>
        <Heading className="card__title">
          <Link
            to={`/products/${encodeURIComponent(product.sku)}`}
            className="card__link"
            onClick={onSelect ? () => onSelect(product.sku) : undefined}
          >
            {product.name}
          </Link>
        </Heading>
        {line ? <p className="card__subtitle">{line}</p> : null}
        {reason ? <p className="card__reason">{reason}</p> : null}
        <p className="card__price">
          <span className="visually-hidden">Price: </span>
          {product.price.display}
        </p>
        {action ? <div className="card__action">{action}</div> : null}
      </div>
    </article>
  );
}

export function ProductGrid({
  products,
  label,
  onSelect,
}: {
  products: CardProduct[];
  label?: string;
  onSelect?: (sku: string) => void;
}) {
  return (
    <ul className="product-grid" aria-label={label}>
      {products.map((p) => (
        <li key={p.sku}>
          <ProductCard product={p} onSelect={onSelect} />
        </li>
      ))}
    </ul>
  );
}
