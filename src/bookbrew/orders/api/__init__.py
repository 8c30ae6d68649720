"""Orders HTTP routes, one router per audience: cart, checkout, orders (the shopper's
own), admin (staff)."""
