"""The SQLAlchemy 2 adapter: SQLite by default, PostgreSQL in production, Alembic migrations."""
