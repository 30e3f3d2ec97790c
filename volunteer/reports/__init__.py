from volunteer.reports.routes import bp

__all__ = ["bp"]
