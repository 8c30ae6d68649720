"""Customers HTTP routes: accounts (`accounts`), the OAuth 2.0 server and its sign-in
pages (`oauth`), and staff routes (`admin`)."""
