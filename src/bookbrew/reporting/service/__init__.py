"""Use cases: events into facts and dimensions (`facts`), facts into rollups
(`rollups`), attribution of sales to recommendations (`attribution`). They flush and
never commit: the consumer's unit of work does."""
