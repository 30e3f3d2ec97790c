"""Command-line entry points: `flask seed-demo`, `flask seed-skills`, `flask check-points`,
`flask search-reindex`, `flask backup`, `flask restore`, `flask jobs run`."""
from pathlib import Path

import click
from flask import Flask, current_app


def register(app: Flask) -> None:
    from volunteer.jobs.cli import jobs

    app.cli.add_command(jobs)

    @app.cli.command("seed-skills")
    def seed_skills():
        """Insert the skills taxonomy (idempotent)."""
        from volunteer.people.services import ensure_skills

        click.echo(f"skills added: {ensure_skills()}")

    @app.cli.command("seed-demo")
    @click.option("--volunteers", default=240, show_default=True, type=click.IntRange(min=200))
    def seed_demo(volunteers: int):
        """Make the demo street (idempotent: does nothing when it is there already)."""
        from volunteer.demo import LOGINS, DatabaseInUse, seed

        try:
            created = seed(volunteers=volunteers)
        except DatabaseInUse:
            raise click.ClickException(
                "this database already holds accounts that are not the demo's: the demo (an admin with "
                "the password demo1234) is only made on an empty database") from None
        click.echo("demo data created" if created else "demo data already present")
        click.echo("demo logins (password for all: demo1234):")
        for role, phone, name in LOGINS:
            click.echo(f"  {role:<14} {phone}  {name}")

    @app.cli.command("check-points")
    def check_points():
        """Prove every cached points balance equals its ledger sum (exit 1 if not)."""
        from volunteer.rewards.ledger import check_balances

        report = check_balances()
        click.echo(f"accounts: {report['accounts']}, ledger total: {report['ledger_total']}")
        for m in report["mismatches"]:
            click.echo(f"  MISMATCH {m['account']}: ledger {m['ledger']}, cached {m['cached']}")
        if report["mismatches"] or report["ledger_total"] != 0:
            raise SystemExit(1)

    @app.cli.command("search-reindex")
    @click.option("--check", is_flag=True, help="Change nothing; exit 1 if the table differs from a rebuild.")
    def search_reindex(check: bool):
        """Rebuild the candidate search table from the volunteers' rows (after a restore or a
        bulk import that went around the application); --check proves it whole."""
        from sqlalchemy import select

        from models import SearchEntry, db
        from volunteer.matching.search_index import reindex_all

        def rows():
            return sorted(tuple(r) for r in db.session.connection().execute(select(SearchEntry.__table__)))

        before = rows() if check else None
        seen = reindex_all(db.session.connection())
        if check:
            after = rows()
            db.session.rollback()
            click.echo(f"volunteers: {seen}, search rows: {len(before)}, a rebuild makes: {len(after)}")
            if before != after:
                click.echo("  the search table differs from a rebuild: run flask search-reindex")
                raise SystemExit(1)
            return
        db.session.commit()
        click.echo(f"volunteers indexed: {seen}")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
    def backup(target: Path):
        """Copy the database to TARGET while it runs (SQLite online backup; pg_dump on PostgreSQL)."""
        from volunteer.backup import BackupError, backup as copy

        try:
            click.echo(copy(current_app.config["SQLALCHEMY_DATABASE_URI"], target))
        except BackupError as error:
            raise click.ClickException(str(error)) from None

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
    def restore(source: Path):
        """Load a backup into this (new, empty) database; then run check-points and search-reindex --check."""
        from volunteer.backup import BackupError, restore as load

        try:
            click.echo(load(current_app.config["SQLALCHEMY_DATABASE_URI"], source))
        except BackupError as error:
            raise click.ClickException(str(error)) from None
