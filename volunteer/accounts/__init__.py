from volunteer.accounts.routes import bp

__all__ = ["bp"]
