from volunteer.hours.routes import bp

__all__ = ["bp"]
