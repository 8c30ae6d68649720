"""Published contracts between services: event types and payloads, and the API shapes
one service reads from another. Changing a contract is a versioned, reviewed change."""
