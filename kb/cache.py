"""The shared cache: Django's Redis backend, with one Redis client per connection pool.

Django's backend builds a new ``redis.Redis`` for every operation, and each one sets up about 170
response callbacks: a fifth of the time of a request answered from the cache. A client is safe to
share (it takes a connection from the pool for each command), so one per pool is kept.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
