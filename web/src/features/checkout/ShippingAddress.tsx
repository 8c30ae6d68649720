import { addressLines, type ShippedTo } from "./checkout";

/** Where an order ships, one line each. */
export function ShippingAddressBlock({ address, label }: { address: ShippedTo; label?: string }) {
  return (
    <address className="shipping-address" aria-label={label}>
      {addressLines(address).map((line, i) => (
        <span key={i} className="shipping-address__line">
          {line}
        </span>
      ))}
    </address>
  );
}
