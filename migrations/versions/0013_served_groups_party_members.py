"""Who a need serves (空巢老人, 留守儿童...), for reports to count by; a volunteer who is a
party member reporting to the community (在职党员报到), and whether each record was served
as one

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'need_served_groups',
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_served_groups_need_id_needs')),
        sa.PrimaryKeyConstraint('need_id', 'code', name=op.f('pk_need_served_groups')),
    )
    op.create_index(op.f('ix_need_served_groups_code'), 'need_served_groups', ['code'], unique=False)
    with op.batch_alter_table('volunteer_profiles') as batch_op:
        batch_op.add_column(sa.Column('party_member', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('party_unit', sa.String(length=100), nullable=True))
    with op.batch_alter_table('service_records') as batch_op:
        batch_op.add_column(sa.Column('as_party_member', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('service_records') as batch_op:
        batch_op.drop_column('as_party_member')
    with op.batch_alter_table('volunteer_profiles') as batch_op:
        batch_op.drop_column('party_unit')
        batch_op.drop_column('party_member')
    op.drop_index(op.f('ix_need_served_groups_code'), table_name='need_served_groups')
    op.drop_table('need_served_groups')
