"""Hot read queries compiled to SQL once, instead of on every request.

Django builds and compiles a queryset anew each time it runs (0.3 to 1 ms for a join with a few filters, more than
the database takes to answer). A `PreparedQuery` is two functions: `base()`, the queryset to start from, and
`narrow(queryset, **params)`, the rest of the query. On first use on a database connection, `narrow` is called with
markers in place of the parameters and the result compiled; later calls bind the values and run the SQL. So only
fixed-shape queries qualify: the same SQL whatever the values (each parameter compared with one field, as in
`filter(pk=pk)`, no optional filters; a list compared with `__in` compiles once per length). A page's LIMIT/OFFSET
are added as Django adds them.

Restricted querysets (`accounts.access`) depend on the caller: `readable(restrict, user, ...)` asks the policy to
restrict `base()`; when it answers that same queryset (it hides nothing from this caller) the prepared SQL runs,
otherwise the restricted queryset is narrowed and run by the ORM as before. A query restricted in several places
(subqueries) is built by `narrow(queryset, caller, **params)` (`caller=True`) and prepared only for callers from
whom every policy function it calls hides nothing (`hides_nothing`): its SQL is then the same for all of them.

Answers: model instances (`objects`, with `select_related` and annotations, as Django makes them), rows (`rows`,
Django's converters applied; UUID columns as text with `text_ids`), or one value (`value`: a count, an id).
"""

import uuid
import weakref
from inspect import signature

from django.db import connections
from django.db.models import Expression, ExpressionList, Func, IntegerField
from django.db.models.query import get_related_populators


class Param(Expression):
    """A value bound at run time: one placeholder, whose parameter is the marker itself until bound."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def resolve_expression(self, *args, **kwargs):
        return self


def hides_nothing(user, *restrictions):
    """True when every `(restrict, base)` pair answers `base()` unchanged for `user` (`restrict(user, queryset)`, an
    access policy function): what a query built with them reads is then the same for every such caller."""
    for restrict, base in restrictions:
        queryset = base()
        if restrict(user, queryset) is not queryset:
            return False
    return True


class _CountRows(Func):
    """`COUNT(*)` as a plain column (no GROUP BY), so that a count is a query like the others."""

    template = "COUNT(*)"
    output_field = IntegerField()


def counting(queryset):
    """The number of rows of `queryset`, as a query answering one row of one column (`value()`)."""
    return queryset.order_by().values_list(_CountRows())


def uuid_text(value):
    """A UUID column's value as text, as `str()` of Django's converted value gives it."""
    if value is None:
        return None
    if value.__class__ is str and len(value) == 32:  # SQLite stores the 32 hex digits
        value = value.lower()
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _fields_of_markers(where, names):
    """{parameter: the model field it is compared with}, so that a bound value is prepared by that field."""
    fields = {}

    def visit(node):
        for child in getattr(node, "children", ()):
            visit(child)
        rhs = getattr(node, "rhs", None)
        if isinstance(rhs, Param):
            fields[rhs.name] = node.lhs.output_field
        elif isinstance(rhs, ExpressionList):  # `__in=[markers]`
            fields.update({marker.name: node.lhs.output_field for marker in rhs.get_source_expressions()
                           if isinstance(marker, Param)})
        elif hasattr(rhs, "where"):  # a subquery (`pk__in=queryset`)
            visit(rhs.where)

    visit(where)
    missing = set(names) - set(fields)
    if missing:
        raise ValueError(f"Parameters not compared with a field in the WHERE clause: {', '.join(sorted(missing))}")
    return fields


def _with_text_ids(rows, positions):
    """Rows with the UUIDs at `positions` as text; a value met again (a model id on every row) is converted once."""
    texts = {}
    converted = []
    for row in rows:
        row = list(row)
        for position in positions:
            value = row[position]
            if value is not None:
                text = texts.get(value)
                if text is None:
                    text = texts[value] = uuid_text(value)
                row[position] = text
        converted.append(row)
    return converted


class _Compiled:
    """One query's SQL on one connection, and what turns its rows into answers."""

    def __init__(self, queryset, connection, names, text_ids):
        query = queryset.query
        self.fields = _fields_of_markers(query.where, names)
        self.alias = connection.alias
        self.compiler = compiler = query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = tuple(params)
        self.sliceable = not (query.is_sliced or query.combinator or query.select_for_update)
        columns = [column for column, _, _ in compiler.select[:compiler.col_count]]
        self.converters = compiler.get_converters(columns)
        self.text_positions = ()
        if text_ids:
            self.text_positions = tuple(
                position for position, column in enumerate(columns)
                if getattr(column, "output_field", None) is not None
                and column.output_field.get_internal_type() == "UUIDField")
            for position in self.text_positions:
                self.converters.pop(position, None)

    def fetch(self, connection, values, offset, limit):
        params = [self.fields[p.name].get_db_prep_value(values[p.name], connection, prepared=False)
                  if isinstance(p, Param) else p for p in self.params]
        sql = self.sql
        if offset or limit is not None:
            if not self.sliceable:
                raise ValueError("A sliced prepared query cannot be paged")
            clause = connection.ops.limit_offset_sql(offset, None if limit is None else offset + limit)
            if clause:
                sql = f"{sql} {clause}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        if self.text_positions and rows:
            rows = _with_text_ids(rows, self.text_positions)
        return rows

    def instances(self, rows):
        """Model instances, as Django's ModelIterable makes them (select_related, annotations)."""
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        model_cls = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.alias)
        annotations = compiler.annotation_col_map or {}
        objects = []
        for row in rows:
            obj = model_cls.from_db(self.alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _flat(values):
    """Values by marker name: a list's items as `name.0`, `name.1`, ..."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            flat.update({f"{name}.{n}": item for n, item in enumerate(value)})
        else:
            flat[name] = value
    return flat


class PreparedQuery:
    """See the module docstring. `text_ids`: UUID columns of `rows()` come as text (what JSON shows)."""

    def __init__(self, base, narrow, *, text_ids=False, names=None, caller=False):
        self._base = base
        self._narrow = narrow
        self._caller = caller
        self._names = (tuple(signature(narrow).parameters)[2 if caller else 1:] if names is None else tuple(names))
        self._text_ids = text_ids
        self._compiled = weakref.WeakKeyDictionary()  # connection (one per thread) → {shape: _Compiled}
        self._orderings = {}

    def ordered(self, ordering):
        """The same query in `ordering` (`order_by` arguments): one prepared query per ordering, and a list has a
        few (its sort options)."""
        ordering = tuple(ordering)
        found = self._orderings.get(ordering)
        if found is None:
            narrow = self._narrow
            found = self._orderings[ordering] = PreparedQuery(
                self._base, lambda queryset, *caller, **values: narrow(queryset, *caller, **values).order_by(*ordering),
                text_ids=self._text_ids, names=self._names, caller=self._caller)
        return found

    def _prepared(self, using, values, caller=None):
        """The compiled query for `values` (a list value, compared with `__in`, compiles once per length)."""
        connection = connections[using]
        shape = tuple(len(values[name]) if isinstance(values[name], list | tuple) else None for name in self._names)
        compiled_by_shape = self._compiled.get(connection)
        if compiled_by_shape is None:
            compiled_by_shape = self._compiled[connection] = {}
        compiled = compiled_by_shape.get(shape)
        if compiled is None:
            markers = {name: Param(name) if length is None else [Param(f"{name}.{n}") for n in range(length)]
                       for name, length in zip(self._names, shape, strict=True)}
            names = [marker.name for value in markers.values() for marker in (
                value if isinstance(value, list) else [value])]
            queryset = self._narrow(self._base(), *((caller,) if self._caller else ()), **markers)
            compiled = compiled_by_shape[shape] = _Compiled(queryset, connection, names, self._text_ids)
        return connection, compiled, _flat(values)

    def rows(self, *, offset=0, limit=None, using="default", caller=None, **values):
        connection, compiled, values = self._prepared(using, values, caller)
        return compiled.fetch(connection, values, offset, limit)

    def value(self, *, using="default", caller=None, **values):
        """The first column of the first row, None when there is no row."""
        rows = self.rows(using=using, caller=caller, **values)
        return rows[0][0] if rows else None

    def objects(self, *, offset=0, limit=None, using="default", caller=None, **values):
        connection, compiled, values = self._prepared(using, values, caller)
        return compiled.instances(compiled.fetch(connection, values, offset, limit))

    def first(self, **values):
        found = self.objects(**values)
        return found[0] if found else None

    def readable(self, restrict, user, **values):
        """`objects(**values)` among what `restrict(user, base())` lets the caller read."""
        base = self._base()
        restricted = restrict(user, base)
        if restricted is base:
            return self.objects(**values)
        return list(self._narrow(restricted, **values))

    def first_readable(self, restrict, user, **values):
        found = self.readable(restrict, user, **values)
        return found[0] if found else None


class PreparedList:
    """A list as prepared queries: its count, and its pages in any of the orders it offers (model instances, or
    rows of `columns` with ids as text). `narrow(queryset, **params)` filters `base()`; `load(queryset)` adds what
    the answer reads of each item (select_related, annotations; not counted). With `restrict` (an access policy
    function), `for_user(user)` is the list as that user may read it."""

    def __init__(self, base, narrow, *, columns=None, load=None, restrict=None):
        names = tuple(signature(narrow).parameters)[1:]
        load = load or (lambda queryset: queryset)
        self._base, self._narrow, self._load, self._restrict = base, narrow, load, restrict
        self._count = PreparedQuery(base, lambda queryset, **values: counting(narrow(queryset, **values)),
                                    names=names)
        if columns is None:
            self._page = PreparedQuery(base, lambda queryset, **values: load(narrow(queryset, **values)), names=names)
        else:
            self._page = PreparedQuery(base, lambda queryset, **values: load(narrow(queryset, **values))
                                       .values_list(*columns), text_ids=True, names=names)
        self._columns = columns

    def for_user(self, user):
        """The list as `user` may read it: these prepared queries when the policy hides nothing from the user, else
        the restricted queryset through the ORM."""
        if self._restrict is None:
            return self
        base = self._base()
        restricted = self._restrict(user, base)
        return self if restricted is base else _RestrictedList(self, restricted)

    def count(self, **values):
        return self._count.value(**values)

    def fetch(self, ordering, offset, limit, **values):
        """One page: `limit` items (all with None) from `offset`, in `ordering`."""
        query = self._page.ordered(ordering)
        if self._columns is None:
            return query.objects(offset=offset, limit=limit, **values)
        return query.rows(offset=offset, limit=limit, **values)


class _RestrictedList:
    """A `PreparedList` read through a restricted queryset by the ORM (a caller the policy hides something from)."""

    def __init__(self, prepared, restricted):
        if prepared._columns is not None:
            raise ValueError("A restricted list answers model instances")
        self._prepared, self._restricted = prepared, restricted

    def count(self, **values):
        return self._prepared._narrow(self._restricted, **values).count()

    def fetch(self, ordering, offset, limit, **values):
        queryset = self._prepared._load(self._prepared._narrow(self._restricted, **values)).order_by(*ordering)
        return list(queryset if limit is None else queryset[offset:offset + limit])
