from volunteer.organisations.routes import bp

__all__ = ["bp"]
