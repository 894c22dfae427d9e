"""Run the Alembic migrations from code (the crawl and the tests migrate on start)."""
from __future__ import annotations

from alembic import command
from alembic.config import Config

from auctionspider.db.engine import database_url, normalize_url


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "auctionspider:migrations")
    # Alembic's config is an ini parser: escape % in passwords.
    rendered = normalize_url(url or database_url()).render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Create or migrate the crawl tables on `url` (default: DATABASE_URL)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
