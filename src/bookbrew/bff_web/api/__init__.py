"""BFF Web's routers, one module per page group: `pages` (home, listings, product,
images), `sign_in`, `account`, `questionnaire`, `commerce` (cart, checkout, orders),
`preferences`, `interactions`, and the staff pages' `admin` and `admin_questionnaires`.
What they depend on is in `bookbrew.bff_web.deps`; no router imports another."""
