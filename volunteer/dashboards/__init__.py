from volunteer.dashboards.routes import bp

__all__ = ["bp"]
