from volunteer.needs.routes import bp

__all__ = ["bp"]
