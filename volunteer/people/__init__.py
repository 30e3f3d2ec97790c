from volunteer.people.routes import bp

__all__ = ["bp"]
