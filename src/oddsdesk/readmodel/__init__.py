"""The read model: an in-memory view of current odds, and the queries the API and the dashboard
answer from it (events list, event detail, coverage, filter lists)."""
