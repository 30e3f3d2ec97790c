import pytest


@pytest.fixture
def home_grid(world) -> int:
    """A grid to register into: registering places a person in the grid they live in."""
    return world.grid(world.community(), code="HOME-01")
