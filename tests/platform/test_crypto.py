"""Envelope encryption and blind indexes (pure logic, no backends)."""

from __future__ import annotations

import pytest

from bookbrew.platform.crypto import (
    BlindIndex,
    DecryptionError,
    KeyRing,
    derive_key,
    generate_key_spec,
)


def test_round_trip_names_the_key_and_hides_the_plaintext() -> None:
    ring = KeyRing.parse(generate_key_spec("k1"))
    token = ring.encrypt_text("+49 30 1234567", aad="customers:1:phone")
    assert "1234567" not in token and token.startswith("v1.k1.")
    assert ring.decrypt_text(token, aad="customers:1:phone") == "+49 30 1234567"
    # Every value has its own data key and nonces.
    assert ring.encrypt_text("x") != ring.encrypt_text("x")


def test_associated_data_binds_a_value_to_its_place() -> None:
    ring = KeyRing.derived("secret", "test")
    token = ring.encrypt_text("10 Downing St", aad="customers:1:address")
    with pytest.raises(DecryptionError):
        ring.decrypt_text(token, aad="customers:2:address")


def test_tampered_or_foreign_tokens_are_refused() -> None:
    ring = KeyRing.derived("secret", "test")
    token = ring.encrypt_text("hello")
    head, tail = token.rsplit(".", 1)
    flipped = tail[:-2] + ("A" if tail[-2] != "A" else "B") + tail[-1]
    with pytest.raises(DecryptionError):
        ring.decrypt_text(f"{head}.{flipped}")
    with pytest.raises(DecryptionError):
        KeyRing.derived("other", "test").decrypt_text(token)
    with pytest.raises(DecryptionError):
        ring.decrypt_text("plain text")


def test_rotation_rewraps_under_the_new_primary_and_old_values_still_read() -> None:
    old_spec = generate_key_spec("k1")
    old = KeyRing.parse(old_spec)
    token = old.encrypt_text("1990-04-01", aad="dob")
    rotated_ring = KeyRing.parse(f"{generate_key_spec('k2')},{old_spec}")
    assert rotated_ring.primary == "k2" and rotated_ring.needs_rotation(token)
    assert rotated_ring.decrypt_text(token, aad="dob") == "1990-04-01"
    rotated = rotated_ring.rotate(token, aad=b"dob")
    assert KeyRing.key_id_of(rotated) == "k2" and not rotated_ring.needs_rotation(rotated)
    only_new = KeyRing.parse(rotated_ring_spec := generate_key_spec("k3"))
    assert only_new.primary == "k3" and rotated_ring_spec.startswith("k3:")


def test_bad_rings_are_refused() -> None:
    with pytest.raises(ValueError):
        KeyRing.parse("")
    with pytest.raises(ValueError):
        KeyRing.parse("k1:c2hvcnQ")
    with pytest.raises(ValueError):
        KeyRing({"a": b"\0" * 32}, "b")


def test_blind_index_is_keyed_and_normalised() -> None:
    index = BlindIndex(derive_key("secret", "email-index"))
    assert index("Ana@Example.org ") == index("ana@example.org")
    assert index("ana@example.org") != BlindIndex(derive_key("other", "email-index"))(
        "ana@example.org"
    )
    assert "ana" not in index("ana@example.org")
