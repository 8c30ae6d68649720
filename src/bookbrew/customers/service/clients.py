"""The first-party OAuth clients, kept in step with the settings at start."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers import repository
from bookbrew.customers.models import OAuthClientRow
from bookbrew.customers.service.oauth_models import APP_SCOPE, SERVICE_SCOPE
from bookbrew.customers.service.security import sha256_hex
from bookbrew.customers.settings import CustomersSettings


def client_rows(settings: CustomersSettings) -> list[OAuthClientRow]:
    """The first-party clients: the web and mobile apps (public, code + PKCE) and the
    confidential service clients (client credentials, role `service`)."""
    now = datetime.now(UTC)
    app_grants = ["authorization_code", "refresh_token"]
    rows = [
        OAuthClientRow(
            client_id="bookbrew-web",
            name="BookBrew web app",
            secret_hash=None,
            redirect_uris=list(settings.web_redirect_uris),
            grant_types=app_grants,
            scope=APP_SCOPE,
            roles=[],
            created_at=now,
        ),
        OAuthClientRow(
            client_id="bookbrew-mobile",
            name="BookBrew mobile app",
            secret_hash=None,
            redirect_uris=list(settings.mobile_redirect_uris),
            grant_types=app_grants,
            scope=APP_SCOPE,
            roles=[],
            created_at=now,
        ),
    ]
    for client_id, secret in settings.service_client_secrets().items():
        rows.append(
            OAuthClientRow(
                client_id=client_id,
                name=f"{client_id} service",
                secret_hash=sha256_hex(secret),
                redirect_uris=[],
                grant_types=["client_credentials"],
                scope=SERVICE_SCOPE,
                roles=["service"],
                created_at=now,
            )
        )
    return rows


async def sync_clients(session: AsyncSession, settings: CustomersSettings) -> None:
    """Make the client table match the settings (run at start, in a unit of work)."""
    for wanted in client_rows(settings):
        row = await repository.client(session, wanted.client_id)
        if row is None:
            session.add(wanted)
            continue
        row.secret_hash = wanted.secret_hash
        row.redirect_uris = wanted.redirect_uris
        row.grant_types = wanted.grant_types
        row.scope = wanted.scope
        row.roles = wanted.roles
    await session.flush()
