"""The Alembic migrations create exactly the table contract of DESIGN.md."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from auctionspider.db.engine import get_engine
from auctionspider.db.models import Base
from auctionspider.db.schema import downgrade, upgrade

# Copied from DESIGN.md: tools outside the code (Power BI, Django) read these names.
CONTRACT = {
    "game": "id slug name ludopedia_id watched ludostore_price_cents created_at updated_at",
    "auction": "id lot_id game_id title kind condition edition seller city state status current_bid_cents "
               "bid_count buy_now_cents final_price_cents ends_at followers views description url "
               "first_seen_at last_seen_at updated_at",
    "auction_snapshot": "id auction_id observed_at current_bid_cents bid_count followers views",
    "listing": "id game_id title kind condition city notes price_cents url active first_seen_at last_seen_at",
    "crawl_run": "id spider started_at finished_at finish_reason pages items_stored items_dropped errors",
}


def test_migrations_create_every_contract_table_with_its_columns(db_url):
    inspector = inspect(get_engine(db_url))
    tables = set(inspector.get_table_names()) - {"alembic_version"}
    assert tables >= set(CONTRACT)
    for table, columns in CONTRACT.items():
        assert [c["name"] for c in inspector.get_columns(table)] == columns.split(), table
    assert inspector.get_unique_constraints("game")[0]["column_names"] == ["slug"]


def test_migrations_match_the_models_and_downgrade_cleanly(db_url):
    engine = get_engine(db_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    downgrade(db_url)
    assert not set(CONTRACT) & set(inspect(engine).get_table_names())
    upgrade(db_url)
    assert set(CONTRACT) <= set(inspect(engine).get_table_names())
