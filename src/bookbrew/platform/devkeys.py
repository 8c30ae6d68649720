"""A local ES256 signing key for development and tests, until (and beside) the identity
service: `bookbrew token` mints with it, services verify against its public JWKS file.
Refused outside development and test environments by the CLI."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm


class DevSigningKey:
    def __init__(self, private_key: ec.EllipticCurvePrivateKey, kid: str) -> None:
        self.private_key = private_key
        self.kid = kid

    @classmethod
    def generate(cls) -> DevSigningKey:
        return cls(ec.generate_private_key(ec.SECP256R1()), f"dev-{uuid.uuid4().hex[:12]}")

    @classmethod
    def load_or_create(cls, directory: Path) -> DevSigningKey:
        directory.mkdir(parents=True, exist_ok=True)
        pem_path, kid_path = directory / "dev-signing-key.pem", directory / "dev-signing-key.kid"
        if pem_path.exists() and kid_path.exists():
            key = serialization.load_pem_private_key(pem_path.read_bytes(), password=None)
            assert isinstance(key, ec.EllipticCurvePrivateKey)
            return cls(key, kid_path.read_text().strip())
        signing = cls.generate()
        pem_path.write_bytes(
            signing.private_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        pem_path.chmod(0o600)
        kid_path.write_text(signing.kid)
        signing.write_jwks(directory / "dev-jwks.json")
        return signing

    def jwks(self) -> dict[str, Any]:
        public = json.loads(ECAlgorithm.to_jwk(self.private_key.public_key()))
        public.update(kid=self.kid, use="sig", alg="ES256")
        return {"keys": [public]}

    def write_jwks(self, path: Path) -> Path:
        path.write_text(json.dumps(self.jwks(), indent=2))
        return path

    def mint(
        self,
        subject: str,
        *,
        roles: list[str] | None = None,
        scopes: list[str] | None = None,
        issuer: str = "bookbrew-identity",
        audience: str = "bookbrew",
        ttl_seconds: int = 300,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "sub": subject,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_seconds,
            "jti": uuid.uuid4().hex,
            "client_id": "bookbrew-dev",
            "roles": roles or [],
            "scope": " ".join(scopes or []),
            **extra,
        }
        return jwt.encode(
            claims, self.private_key, algorithm="ES256", headers={"kid": self.kid, "typ": "at+jwt"}
        )
