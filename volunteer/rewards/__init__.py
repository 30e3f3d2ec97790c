from volunteer.rewards.routes import bp

__all__ = ["bp"]
