from volunteer.projects.routes import bp

__all__ = ["bp"]
