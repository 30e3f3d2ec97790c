from volunteer.stars.routes import bp

__all__ = ["bp"]
