"""Fixed-shape queries of the per-request path, compiled once per database instead of on every request.

Why: building and compiling an ORM query costs ~0.3 ms of Python whatever the data, several times what
running it costs. Every logged-in request runs the same few queries (its session, its user, its application
roles), whose shape never changes; building them with the ORM was most of a session check's time. These
helpers run the SQL the ORM compiles, once, with new parameter values and the ORM's own value conversions,
so the rows and instances are exactly what the ORM would give.
"""

import uuid

from django.db import connections
from django.db.models.expressions import Col


class RowByKey:
    """`RowByKey(Model, "field")(value)`: the instance whose `field` equals `value`, or None (one query)."""

    def __init__(self, model, field_name):
        self.model = model
        self.field = model._meta.get_field(field_name)
        self._compiled = {}

    def _compile(self, connection):
        meta, quote = self.model._meta, connection.ops.quote_name
        fields = meta.concrete_fields
        sql = (f"SELECT {', '.join(quote(meta.db_table) + '.' + quote(f.column) for f in fields)} "
               f"FROM {quote(meta.db_table)} WHERE {quote(meta.db_table)}.{quote(self.field.column)} = %s")
        converters = []
        for position, field in enumerate(fields):
            column = Col(meta.db_table, field)
            functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if functions:
                converters.append((position, functions, column))
        return sql, [f.attname for f in fields], converters

    def __call__(self, value, using="default"):
        connection = connections[using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection)
        sql, names, converters = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.field.get_db_prep_value(value, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, functions, column in converters:
            for convert in functions:
                row[position] = convert(row[position], column, connection)
        return self.model.from_db(using, names, row)


class ValuesByKey:
    """`ValuesByKey(lambda key: Model.objects.filter(...).values_list(...))(key)`: the rows as tuples.

    The queryset is built and compiled once per database with a stand-in UUID for the key, which is then
    found among the compiled parameters and replaced by the real key's database value on each call. Only for
    queries whose selected columns need no conversion (text, integers); `_compile` refuses others.
    """

    STAND_IN = uuid.UUID("5f1c7e0a-0d0e-4c6b-9a59-2f0a3c1d9e77")

    def __init__(self, build, key_field):
        self.build = build
        self.key_field = key_field
        self._compiled = {}

    def _compile(self, connection):
        queryset = self.build(self.STAND_IN)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        stand_in = self.key_field.get_db_prep_value(self.STAND_IN, connection)
        positions = [n for n, param in enumerate(params) if param == stand_in]
        if not positions:
            raise ValueError("the key does not reach the query's parameters")
        if compiler.get_converters([column for column, _, _ in compiler.select]):
            raise ValueError("the selected columns need conversion; use the ORM for this query")
        return sql, list(params), positions

    def __call__(self, key, using="default"):
        connection = connections[using]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection)
        sql, params, positions = compiled
        params = list(params)
        value = self.key_field.get_db_prep_value(key, connection)
        for position in positions:
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
