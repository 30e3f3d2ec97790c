from volunteer.records.routes import bp

__all__ = ["bp"]
