"""Curation use cases, by concern: `catalog` (items and their text vectors), `profiles`
(what shoppers told and did), `recommend` (serving and logging), `training` (model
versions). They take a document store (or the transaction's view of it) and never
commit on their own: the consumer or request wrapping them does."""
