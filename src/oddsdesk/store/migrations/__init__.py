"""Alembic migrations, shipped in the package; run them with `oddsdesk db upgrade`."""
