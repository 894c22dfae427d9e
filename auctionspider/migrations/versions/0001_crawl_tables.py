"""crawl tables

Revision ID: 0001
Revises: 
Create Date: 2026-12-03 15:43:14.564301
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crawl_run',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('spider', sa.String(length=50), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('finish_reason', sa.String(length=100), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('items_stored', sa.Integer(), nullable=False),
    sa.Column('items_dropped', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('game',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('ludopedia_id', sa.Integer(), nullable=True),
    sa.Column('watched', sa.Boolean(), nullable=False),
    sa.Column('ludostore_price_cents', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('auction',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('lot_id', sa.BigInteger(), nullable=True),
    sa.Column('game_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('condition', sa.String(length=16), nullable=False),
    sa.Column('edition', sa.String(length=200), nullable=True),
    sa.Column('seller', sa.String(length=100), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('current_bid_cents', sa.Integer(), nullable=True),
    sa.Column('bid_count', sa.Integer(), nullable=False),
    sa.Column('buy_now_cents', sa.Integer(), nullable=True),
    sa.Column('final_price_cents', sa.Integer(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('followers', sa.Integer(), nullable=True),
    sa.Column('views', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['game_id'], ['game.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auction', schema=None) as batch_op:
        batch_op.create_index('ix_auction_ends_at', ['ends_at', 'id'], unique=False)
        batch_op.create_index('ix_auction_game_status_ends', ['game_id', 'status', 'ends_at'], unique=False)
        batch_op.create_index('ix_auction_lot_id', ['lot_id'], unique=False)
        batch_op.create_index('ix_auction_seller', ['seller'], unique=False)
        batch_op.create_index('ix_auction_status_ends', ['status', 'ends_at'], unique=False)
        batch_op.create_index('ix_auction_updated_at', ['updated_at', 'id'], unique=False)

    op.create_table('listing',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('game_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('condition', sa.String(length=16), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['game_id'], ['game.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.create_index('ix_listing_game_active', ['game_id', 'active'], unique=False)

    op.create_table('auction_snapshot',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('auction_id', sa.BigInteger(), nullable=False),
    sa.Column('observed_at', sa.DateTime(), nullable=False),
    sa.Column('current_bid_cents', sa.Integer(), nullable=True),
    sa.Column('bid_count', sa.Integer(), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=True),
    sa.Column('views', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['auction_id'], ['auction.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auction_snapshot', schema=None) as batch_op:
        batch_op.create_index('ix_auction_snapshot_auction_observed', ['auction_id', 'observed_at'], unique=False)



def downgrade() -> None:
    # Dropping a table drops its indexes (MySQL refuses to drop one a foreign key uses).
    for table in ("auction_snapshot", "listing", "auction", "game", "crawl_run"):
        op.drop_table(table)
