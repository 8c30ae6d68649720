"""Orders use cases, one module per use case: `cart`, `checkout` (placing an order and
the shopper's payment confirmation), `saga` (the steps every path to an order's outcome
shares: checkout, payment events, recovery), `fulfilment` (staff statuses and
cancellation with refund and restock) and `recovery` (unfinished sagas after a crash,
and the sweep for abandoned payments)."""
