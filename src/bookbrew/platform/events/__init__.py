"""Events: CloudEvents 1.0 envelopes, a bus port with in-process and RabbitMQ adapters,
a transactional outbox with its relay, and idempotent consumers with an inbox."""
