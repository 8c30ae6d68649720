"""Customers and identity: accounts, OAuth 2.0 authorization server, MFA."""
