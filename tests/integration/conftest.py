import pytest

from dashboard.feed.writer import FeedWriter
from dashboard.settings import Settings


@pytest.fixture
def writer(redis_settings, redis_client):
    return FeedWriter(redis_client, redis_settings.keys)


@pytest.fixture
def app(redis_settings):
    """The whole dashboard (reader thread, API, pages) on the test Redis."""
    from dashboard.web.app import create_app
    app = create_app(Settings(redis_url=redis_settings.url, prefix=redis_settings.prefix, demo=False,
                              eta_model="straight"))
    yield app
    app.runtime.reader.stop()


@pytest.fixture
def api(app):
    return app.server.test_client()
