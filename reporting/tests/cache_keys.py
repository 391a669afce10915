"""The keys held by the default cache, whatever its backend: the suite runs on the default per-process
cache (locmem) and, in CI's PostgreSQL run, on Redis (CACHE_URL)."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def cache_keys() -> list[str]:
    """Every key as the backend stores it (`:1:<key>`, the version prefix included)."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=False)  # type: ignore[attr-defined]
        return [k.decode() for k in client.scan_iter(match=cache.make_key("*"))]
    return list(cache._cache)  # type: ignore[attr-defined]
