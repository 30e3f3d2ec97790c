from volunteer.certificates.routes import bp

__all__ = ["bp"]
