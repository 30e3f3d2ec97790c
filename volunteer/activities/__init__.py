from volunteer.activities.routes import bp

__all__ = ["bp"]
