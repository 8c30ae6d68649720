"""Encryption at rest: AES-256-GCM envelope encryption under a rotating key ring, and
keyed blind indexes for looking encrypted values up by equality.

Every value gets its own random data key (DEK). The DEK encrypts the value; a
key-encryption key (KEK) from the ring wraps the DEK. The stored token names the KEK
it used, so a ring may hold old KEKs for reading while the newest (primary) one writes:

    v1.<kek id>.<base64url(nonce | wrapped DEK)>.<base64url(nonce | ciphertext)>

Rotation adds a new primary KEK in front of the ring, then `KeyRing.rotate` (run by a
command over every stored value) re-wraps old tokens under it; once nothing names the
old KEK it can leave the ring.

`aad` (associated data) binds a ciphertext to where it lives, e.g. `customers:42:phone`:
a token copied into another row or column fails to decrypt instead of leaking.

Keys in settings are written `id:base64url-of-32-bytes`, comma-separated, primary first.
Development derives a ring from the service's secret; production must configure one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The token is malformed, names an unknown key, or fails authentication."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(secret: str, purpose: str) -> bytes:
    """A 32-byte key derived from a secret for one purpose (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
    ).derive(secret.encode())


def generate_key_spec(key_id: str) -> str:
    """A new random KEK in settings syntax, e.g. for an operator's rotation step."""
    return f"{key_id}:{_b64(os.urandom(KEY_BYTES))}"


class KeyRing:
    """Key-encryption keys by id; the first (primary) encrypts, all decrypt."""

    def __init__(self, keys: Mapping[str, bytes], primary: str) -> None:
        if primary not in keys:
            raise ValueError(f"primary key {primary!r} is not in the ring")
        for key_id, key in keys.items():
            if len(key) != KEY_BYTES:
                raise ValueError(f"key {key_id!r} must be {KEY_BYTES} bytes")
            if not key_id or "." in key_id or ":" in key_id:
                raise ValueError(f"bad key id {key_id!r}")
        self._keys = dict(keys)
        self.primary = primary

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        """Read `id:base64url,id:base64url,...`; the first entry is primary."""
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for item in (part.strip() for part in spec.split(",")):
            if not item:
                continue
            key_id, sep, encoded = item.partition(":")
            if not sep:
                raise ValueError("each key must be written id:base64url")
            keys[key_id] = _unb64(encoded)
            order.append(key_id)
        if not order:
            raise ValueError("the key ring is empty")
        return cls(keys, order[0])

    @classmethod
    def derived(cls, secret: str, purpose: str) -> KeyRing:
        """A one-key ring derived from a secret: for development and tests only."""
        return cls({"dev": derive_key(secret, f"keyring:{purpose}")}, "dev")

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def encrypt(self, plaintext: bytes, *, aad: bytes = b"") -> str:
        data_key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        data_nonce, wrap_nonce = os.urandom(NONCE_BYTES), os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(data_key).encrypt(data_nonce, plaintext, aad)
        wrapped = AESGCM(self._keys[self.primary]).encrypt(
            wrap_nonce, data_key, self.primary.encode()
        )
        return ".".join(
            (VERSION, self.primary, _b64(wrap_nonce + wrapped), _b64(data_nonce + ciphertext))
        )

    def decrypt(self, token: str, *, aad: bytes = b"") -> bytes:
        try:
            version, key_id, wrapped_part, data_part = token.split(".")
        except ValueError as exc:
            raise DecryptionError("not an encrypted value") from exc
        if version != VERSION:
            raise DecryptionError(f"unknown format {version!r}")
        kek = self._keys.get(key_id)
        if kek is None:
            raise DecryptionError(f"key {key_id!r} is not in the ring")
        try:
            wrapped, data = _unb64(wrapped_part), _unb64(data_part)
            data_key = AESGCM(kek).decrypt(
                wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], key_id.encode()
            )
            return AESGCM(data_key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], aad)
        except (InvalidTag, ValueError) as exc:
            raise DecryptionError("the value does not authenticate") from exc

    def encrypt_text(self, plaintext: str, *, aad: str = "") -> str:
        return self.encrypt(plaintext.encode(), aad=aad.encode())

    def decrypt_text(self, token: str, *, aad: str = "") -> str:
        return self.decrypt(token, aad=aad.encode()).decode()

    @staticmethod
    def key_id_of(token: str) -> str:
        parts = token.split(".")
        return parts[1] if len(parts) == 4 else ""

    def needs_rotation(self, token: str) -> bool:
        return self.key_id_of(token) != self.primary

    def rotate(self, token: str, *, aad: bytes = b"") -> str:
        """The same value under the primary key (unchanged if it already is)."""
        if not self.needs_rotation(token):
            return token
        return self.encrypt(self.decrypt(token, aad=aad), aad=aad)


class BlindIndex:
    """Keyed HMAC-SHA256 of a normalised value, for equality lookups of encrypted data.

    Its key never rotates with the ring: changing it means recomputing every index."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("blind index key must be at least 16 bytes")
        self._key = key

    def __call__(self, value: str) -> str:
        return hmac.new(self._key, value.strip().lower().encode(), hashlib.sha256).hexdigest()
