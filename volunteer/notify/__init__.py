from volunteer.notify.routes import bp

__all__ = ["bp"]
