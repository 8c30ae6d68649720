"""Product Registration (catalog): products, categories, prices, stock and reservations."""
