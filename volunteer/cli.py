"""Command-line entry points: `flask seed-demo`, `flask seed-skills`, `flask jobs run`."""
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
    @click.option("--volunteers", default=240, show_default=True)
    def seed_demo(volunteers: int):
        """Make the demo street (idempotent: does nothing when it is there already)."""
        from volunteer.demo import seed

        created = seed(volunteers=volunteers)
        click.echo("demo data created" if created else "demo data already present")
        from volunteer.demo import LOGINS

        click.echo("demo logins (password for all: demo1234):")
        for role, phone, name in LOGINS:
            click.echo(f"  {role:<14} {phone}  {name}")
