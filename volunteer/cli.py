"""Command-line entry points: `flask seed-demo`, `flask seed-skills`, `flask check-points`,
`flask search-reindex`, `flask jobs run`."""
import click
from flask import Flask


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
    def search_reindex():
        """Rebuild the candidate search table from the volunteers' rows (after a restore or a
        bulk import that went around the application)."""
        from models import db
        from volunteer.matching.search_index import reindex_all

        seen = reindex_all(db.session.connection())
        db.session.commit()
        click.echo(f"volunteers indexed: {seen}")
