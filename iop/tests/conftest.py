"""Fixtures of the registry tests."""

import pytest


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users["samordnare"])
    return client
