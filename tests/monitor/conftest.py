import pytest

from tests.conftest import clear_demo_history


@pytest.fixture
def demo_store(demo_store):
    """The monitor's tests start from a room nobody has polled yet: the demo without its history."""
    clear_demo_history(demo_store)
    return demo_store
