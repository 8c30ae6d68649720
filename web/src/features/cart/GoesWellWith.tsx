import { useState } from "react";
import type { Schemas } from "../../api/client";
import { useRecordInteraction } from "../../lib/interactions";
import { ProductCard } from "../catalog/ProductCard";

export type Complements = Schemas["Complements"];

interface Props {
  complements: Complements | null | undefined;
  /** Adds the item to the cart and refreshes it; rejects when it could not. */
  onAdd: (sku: string, name: string) => Promise<void>;
  /** What the cart holds now: never offered again. */
  inCart?: ReadonlySet<string>;
  /** While the cart is changing otherwise. */
  busy?: boolean;
}

/** The cart's "Goes well with" shelf: curation's complements, each with its reason and
 * an "Add to cart" button. Hidden when curation had none to give (or was away). */
export function GoesWellWith({ complements, onAdd, inCart, busy = false }: Props) {
  const [adding, setAdding] = useState<string | null>(null);
  const recordInteraction = useRecordInteraction();
  if (!complements?.available) return null;
  const items = complements.items.filter((item) => !inCart?.has(item.sku));
  if (!items.length) return null;

  const record = (sku: string) =>
    recordInteraction({
      sku,
      kind: "click",
      source: "complements",
      recommendation_id: complements.recommendation_id ?? null,
      model_version: complements.model_version ?? null,
    });

  async function add(sku: string, name: string) {
    record(sku);
    setAdding(sku);
    try {
      await onAdd(sku, name);
    } catch {
      // The page shows what went wrong; the shelf stays as it was.
    } finally {
      setAdding(null);
    }
  }

  return (
    <section className="shelf shelf--complements" aria-labelledby="complements-heading">
      <div className="shelf__head">
        <h2 id="complements-heading" className="section-title">
          Goes well with
        </h2>
      </div>
      <ul className="shelf__row" aria-busy={adding !== null}>
        {items.map((item) => (
          <li key={item.sku}>
            <ProductCard
              product={{ ...item, images: [item.image] }}
              reason={item.reason}
              onSelect={record}
              action={
                <button
                  type="button"
                  className="button button--small"
                  disabled={busy || adding !== null}
                  onClick={() => void add(item.sku, item.name)}
                >
                  {adding === item.sku ? "Adding…" : "Add to cart"}{" "}
                  <span className="visually-hidden">{item.name}</span>
                </button>
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
