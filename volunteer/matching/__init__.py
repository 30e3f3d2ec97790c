from volunteer.matching.routes import bp

__all__ = ["bp"]
