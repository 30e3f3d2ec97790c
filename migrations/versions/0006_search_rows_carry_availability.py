"""Search rows carry weekly availability and a certificate flag; cells of 0.01 degrees

The search table is derived data: it is dropped, made again with the new columns, and
filled from the volunteers' own rows by the code below (a frozen copy of what
volunteer/matching/search_index.py wrote when this revision was made).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 04:10:00

"""
import math

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

RANK = {'assistant': 1, 'intermediate': 2, 'senior': 3}


def _columns(extra):
    return [
        sa.Column('skill_id', sa.Integer(), nullable=False),
        sa.Column('cell', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('lng', sa.Float(), nullable=False),
        sa.Column('radius_m', sa.Integer(), nullable=False),
        sa.Column('home_grid_id', sa.Integer(), nullable=True),
        sa.Column('licence_rank', sa.SmallInteger(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_volunteer_search_skill_id_skills')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteer_profiles.id'],
                                name=op.f('fk_volunteer_search_volunteer_id_volunteer_profiles')),
        sa.PrimaryKeyConstraint('skill_id', 'cell', 'volunteer_id', name=op.f('pk_volunteer_search')),
    ]


def _remake(extra):
    op.drop_index('ix_volunteer_search_volunteer_id', table_name='volunteer_search')
    op.drop_table('volunteer_search')
    table = op.create_table('volunteer_search', *_columns(extra), sqlite_with_rowid=False)
    op.create_index('ix_volunteer_search_volunteer_id', 'volunteer_search', ['volunteer_id'], unique=False)
    return table


def _bits(start, end):
    first, last = int(start // 30), math.ceil(end / 30)
    return ((1 << last) - 1) ^ ((1 << first) - 1) if last > first else 0


def _rows(cell_deg, cell_row, with_availability):
    bind = op.get_bind()
    windows, certified = {}, set()
    if with_availability:
        for vid, day, start, end in bind.execute(sa.text(
                'SELECT volunteer_id, weekday, start_minute, end_minute FROM availability')):
            windows.setdefault(vid, []).append((day, start, end))
        certified = set(bind.execute(sa.text('SELECT DISTINCT volunteer_id FROM certifications')).scalars())
    for pid, uid, lat, lng, radius, grid, skill, level in bind.execute(sa.text(
            "SELECT p.id, p.user_id, p.lat, p.lng, p.service_radius_m, p.home_grid_id, s.skill_id, w.licence_level "
            "FROM volunteer_profiles p JOIN volunteer_skills s ON s.volunteer_id = p.id "
            "JOIN users u ON u.id = p.user_id LEFT JOIN social_worker_profiles w ON w.user_id = p.user_id "
            "WHERE p.status = 'verified' AND p.on_duty AND u.active")).all():
        row = {'skill_id': skill, 'cell': math.floor(lat / cell_deg) * cell_row + math.floor(lng / cell_deg),
               'volunteer_id': pid, 'user_id': uid, 'lat': lat, 'lng': lng, 'radius_m': radius,
               'home_grid_id': grid, 'licence_rank': RANK.get(level, 0)}
        if with_availability:
            mine = sorted(windows.get(pid, ()))
            masks = [0] * 7
            for day, start, end in mine:
                masks[day] |= _bits(start, end)
            row.update(has_certificates=pid in certified,
                       windows=','.join(f'{d}:{s}-{e}' for d, s, e in mine),
                       **{f'avail_{d}': masks[d] for d in range(7)})
        yield row


def _fill(table, rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            op.bulk_insert(table, batch)
            batch = []
    if batch:
        op.bulk_insert(table, batch)


def upgrade():
    table = _remake([
        sa.Column('has_certificates', sa.Boolean(), nullable=False),
        sa.Column('windows', sa.Text(), nullable=False),
        *[sa.Column(f'avail_{d}', sa.BigInteger(), nullable=False) for d in range(7)],
    ])
    _fill(table, _rows(0.01, 100_000, True))


def downgrade():
    table = _remake([])
    _fill(table, _rows(0.05, 10_000, False))
