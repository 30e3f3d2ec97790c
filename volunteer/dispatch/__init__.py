from volunteer.dispatch.routes import bp

__all__ = ["bp"]
