from volunteer.recurring.routes import bp

__all__ = ["bp"]
