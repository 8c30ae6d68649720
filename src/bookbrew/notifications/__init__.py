"""Notifications: e-mail, SMS and push from events, with templates, preferences and retries."""
