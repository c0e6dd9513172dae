"""Django's Redis cache, with one Redis client per connection pool instead of a new one for
every call: Django's client builds a `redis.Redis` (and copies its table of reply handlers)
on each get and set, which costs more than the round trip on a page served from the cache
(measured with cProfile, issue 19). The pools, and so the connections, are Django's own."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class PooledRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as the cache
        if client is None:  # a race only builds a second client for the same pool
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
