"""Projects bought by government: funder, delivering organisation, period, budget and
targets; the needs under each; issued evaluation packs with their chained entries

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 09:35:57.168423

"""
from alembic import op
import sqlalchemy as sa
import models.types


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('funder', sa.String(length=100), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('target_people', sa.Integer(), nullable=False),
    sa.Column('target_hours', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('target_satisfaction', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_projects_period_ordered')),
    sa.CheckConstraint('target_satisfaction BETWEEN 0 AND 100', name=op.f('ck_projects_satisfaction_percent')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_projects_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_projects_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('evaluation_packs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_evaluation_packs_issued_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_evaluation_packs_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_packs')),
    sa.UniqueConstraint('number', name=op.f('uq_evaluation_packs_number'))
    )
    with op.batch_alter_table('evaluation_packs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_packs_project_id'), ['project_id'], unique=False)

    op.create_table('project_communities',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_project_communities_community_id_communities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_communities_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'community_id', name=op.f('pk_project_communities'))
    )
    with op.batch_alter_table('project_communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_communities_community_id'), ['community_id'], unique=False)

    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_needs_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_needs_project_id_projects'), 'projects', ['project_id'], ['id'])



def downgrade():
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_needs_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_needs_project_id'))
        batch_op.drop_column('project_id')

    with op.batch_alter_table('project_communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_communities_community_id'))

    op.drop_table('project_communities')
    with op.batch_alter_table('evaluation_packs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_packs_project_id'))

    op.drop_table('evaluation_packs')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_organisation_id'))

    op.drop_table('projects')
