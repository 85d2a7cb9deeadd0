"""Shared fixtures: one real embedded Redis (Valkey) server per test session.

Each test gets its own key prefix, so tests never see each other's streams.
"""
from __future__ import annotations

import itertools

import pytest

from dashboard.feed.server import EmbeddedRedis
from dashboard.feed.settings import RedisSettings

_prefixes = itertools.count(1)


@pytest.fixture(scope="session")
def embedded_redis(tmp_path_factory):
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(embedded_redis) -> str:
    return embedded_redis.url


@pytest.fixture
def redis_settings(redis_url) -> RedisSettings:
    return RedisSettings.from_url(redis_url, prefix=f"t{next(_prefixes)}:")


@pytest.fixture
def redis_client(redis_settings):
    client = redis_settings.client()
    yield client
    client.close()
