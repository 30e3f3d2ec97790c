"""Organisations (social organisations, volunteer teams, units in the community), the
communities they serve and their members; needs given to teams, and the team on each
assignment and record

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 09:10:51.091031

"""
from alembic import op
import sqlalchemy as sa
import models.types


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.Enum('social_organisation', 'volunteer_team', 'resident_unit', name='organisationkind', native_enum=False, length=20), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('incubating', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('contact_name', sa.String(length=30), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('registered', 'verified', 'suspended', name='organisationstatus', native_enum=False, length=12), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=False),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', models.types.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registered_by_id'], ['users.id'], name=op.f('fk_organisations_registered_by_id_users')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_organisations_verified_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_organisations_credit_code'))
    )
    op.create_table('organisation_communities',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], name=op.f('fk_organisation_communities_community_id_communities')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_communities_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'community_id', name=op.f('pk_organisation_communities'))
    )
    with op.batch_alter_table('organisation_communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_communities_community_id'), ['community_id'], unique=False)

    op.create_table('organisation_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('leader', 'member', name='memberrole', native_enum=False, length=10), nullable=False),
    sa.Column('status', sa.Enum('invited', 'applied', 'active', 'removed', name='memberstatus', native_enum=False, length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', models.types.UTCDateTime(), nullable=True),
    sa.Column('changed_at', models.types.UTCDateTime(), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_organisation_members_decided_by_id_users')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_organisation_members_invited_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_members_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
    sa.UniqueConstraint('organisation_id', 'user_id', name=op.f('uq_organisation_members_organisation_id'))
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_members_user_id'), ['user_id'], unique=False)

    op.create_table('need_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('slots', sa.Integer(), nullable=False),
    sa.Column('assigned', sa.Integer(), server_default='0', nullable=False),
    sa.Column('status', sa.Enum('offered', 'accepted', 'declined', name='teamofferstatus', native_enum=False, length=10), nullable=False),
    sa.Column('offered_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', models.types.UTCDateTime(), nullable=False),
    sa.Column('decided_at', models.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('assigned >= 0 AND assigned <= slots', name=op.f('ck_need_teams_assigned_in_range')),
    sa.CheckConstraint('slots > 0', name=op.f('ck_need_teams_slots_positive')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_need_teams_decided_by_id_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_teams_need_id_needs')),
    sa.ForeignKeyConstraint(['offered_by_id'], ['users.id'], name=op.f('fk_need_teams_offered_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_need_teams_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_teams')),
    sa.UniqueConstraint('need_id', 'organisation_id', name=op.f('uq_need_teams_need_id'))
    )
    with op.batch_alter_table('need_teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_teams_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_teams_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assignments_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assignments_team_id_organisations'), 'organisations', ['team_id'], ['id'])

    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_records_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_service_records_team_id_organisations'), 'organisations', ['team_id'], ['id'])



def downgrade():
    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_service_records_team_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_service_records_team_id'))
        batch_op.drop_column('team_id')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignments_team_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assignments_team_id'))
        batch_op.drop_column('team_id')

    with op.batch_alter_table('need_teams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_teams_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_need_teams_need_id'))

    op.drop_table('need_teams')
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_members_organisation_id'))

    op.drop_table('organisation_members')
    with op.batch_alter_table('organisation_communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_communities_community_id'))

    op.drop_table('organisation_communities')
    op.drop_table('organisations')
