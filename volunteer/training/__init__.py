from volunteer.training.routes import bp

__all__ = ["bp"]
