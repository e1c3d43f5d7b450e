"""The project's cache: Django's database cache, shared by every worker process.

Login throttling counts failures here, so the counts must be the same for every gunicorn
worker and must survive a restart: a per-process memory cache gave an attacker five tries per
worker. The table is the `core.CacheEntry` model, so `migrate` creates it and the test
database's flush empties it.

Django's `incr` on this backend is a read and a write that another process can interleave
(two failures counted as one) and that resets the entry's expiry to the default timeout. Here
`incr` is a compare-and-swap: it writes the new value only if the stored one is still the one
it read, and retries otherwise; the expiry is left as it was.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router
from django.utils.timezone import now as tz_now

#: a few hundred competing writers at most; each retry means another one has just written
CAS_ATTEMPTS = 200


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        qn = connection.ops.quote_name
        table = qn(self._table)
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        select = f"SELECT {qn('value')}, {qn('expires')} FROM {table} WHERE {qn('cache_key')} = %s"
        update = (
            f"UPDATE {table} SET {qn('value')} = %s "
            f"WHERE {qn('cache_key')} = %s AND {qn('value')} = %s"
        )
        with connection.cursor() as cursor:
            for _attempt in range(CAS_ATTEMPTS):
                cursor.execute(select, [key])
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found.")
                stored, expires = row
                for converter in converters:
                    expires = converter(expires, expression, connection)
                if expires < tz_now():
                    raise ValueError(f"Key '{key}' not found.")
                stored = connection.ops.process_clob(stored)
                value = pickle.loads(base64.b64decode(stored.encode())) + delta
                new = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
                cursor.execute(update, [new, key, stored])
                if cursor.rowcount == 1:
                    return value
        raise RuntimeError(f"Cache key '{key}' kept changing; increment not applied.")
