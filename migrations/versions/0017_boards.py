"""Public boards (公示) per grid and community: the figures the scheduler last computed

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 09:46:08.180776

"""
from alembic import op
import sqlalchemy as sa
import models.types


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_boards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=30), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('computed_at', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_public_boards_community_id_communities')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_public_boards_grid_id_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_boards')),
    sa.UniqueConstraint('key', name=op.f('uq_public_boards_key'))
    )
    with op.batch_alter_table('public_boards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_boards_community_id'), ['community_id'], unique=False)



def downgrade():
    with op.batch_alter_table('public_boards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_boards_community_id'))

    op.drop_table('public_boards')
