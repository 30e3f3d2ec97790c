from volunteer.assignments.routes import bp

__all__ = ["bp"]
