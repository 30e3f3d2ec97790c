"""the search table carries what the candidate list shows: name, stars, skill codes

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 21:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

search = sa.table("volunteer_search", sa.column("volunteer_id", sa.Integer), sa.column("name", sa.Text),
                  sa.column("star_level", sa.SmallInteger), sa.column("skill_codes", sa.Text))
profiles = sa.table("volunteer_profiles", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                    sa.column("star_level", sa.SmallInteger))
users = sa.table("users", sa.column("id", sa.Integer), sa.column("name", sa.Text))
held = sa.table("volunteer_skills", sa.column("volunteer_id", sa.Integer), sa.column("skill_id", sa.Integer))
skills = sa.table("skills", sa.column("id", sa.Integer), sa.column("code", sa.Text))


def upgrade():
    with op.batch_alter_table('volunteer_search', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('star_level', sa.SmallInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('skill_codes', sa.Text(), server_default='', nullable=False))
    # The rows already there, volunteer by volunteer, as search_index.entry writes them.
    connection = op.get_bind()
    indexed = sa.select(search.c.volunteer_id).distinct()
    shown = dict((pid, (name, stars)) for pid, name, stars in connection.execute(
        sa.select(profiles.c.id, users.c.name, profiles.c.star_level)
        .join(users, users.c.id == profiles.c.user_id).where(profiles.c.id.in_(indexed))))
    codes: dict[int, list[str]] = {}
    for pid, code in connection.execute(sa.select(held.c.volunteer_id, skills.c.code)
                                        .join(skills, skills.c.id == held.c.skill_id)
                                        .where(held.c.volunteer_id.in_(indexed))):
        codes.setdefault(pid, []).append(code)
    rows = [{"pid": pid, "name": name, "stars": stars, "codes": ",".join(sorted(codes.get(pid, [])))}
            for pid, (name, stars) in shown.items()]
    if rows:
        connection.execute(search.update().where(search.c.volunteer_id == sa.bindparam("pid"))
                           .values(name=sa.bindparam("name"), star_level=sa.bindparam("stars"),
                                   skill_codes=sa.bindparam("codes")), rows)


def downgrade():
    with op.batch_alter_table('volunteer_search', schema=None) as batch_op:
        batch_op.drop_column('skill_codes')
        batch_op.drop_column('star_level')
        batch_op.drop_column('name')
