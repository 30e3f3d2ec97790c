from volunteer.places.routes import bp

__all__ = ["bp"]
