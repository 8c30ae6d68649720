import { Link } from "react-router";
import { useCart } from "./queries";

/** The header's cart link, with the count of items (hidden while unknown or none). */
export function CartLink() {
  const cart = useCart();
  const count = cart.data?.item_count ?? null;
  return (
    <Link className="cart-link" to="/cart">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path d="M3 4h2l2.4 11h10.2L20 7H6.2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        <circle cx="9" cy="19.5" r="1.5" fill="currentColor" />
        <circle cx="17" cy="19.5" r="1.5" fill="currentColor" />
      </svg>
      <span className="cart-link__label">Cart</span>
      {count ? (
        <span className="cart-link__count">
          {count}
          <span className="visually-hidden"> {count === 1 ? "item" : "items"}</span>
        </span>
      ) : null}
    </Link>
  );
}
