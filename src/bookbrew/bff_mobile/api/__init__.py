"""BFF Mobile's routers, one module per screen group: `screens` (home, listings,
product, images), `identity` (sign-in config, sign-up, TOTP, sign-out), `account` (profile
and questionnaire), `commerce` (cart, checkout, orders), `notifications` (preferences,
push devices), `interactions`. What they depend on is in `bookbrew.bff_mobile.deps`; no
router imports another."""
