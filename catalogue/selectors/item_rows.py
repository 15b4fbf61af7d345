"""Model items read as rows for the answers that list or show them, without building model instances.

A page of 100 elements with their types used to make some 300 model instances and convert every id to a UUID and
back to text, for serializers that read a few attributes of each. A row is a named tuple of exactly those
attributes, named as on the model (ids as text), so the same serializers render a row or an instance. The
queries that read them are prepared (`config.prepared`) in `catalogue.selectors.items`.
"""

from collections import namedtuple

ITEM_COLUMNS = ("id", "label", "description", "aliases_string", "model_id")
MULTIPLICITY = ("min_multiplicity", "max_multiplicity")


class _Item:
    """What every item row answers beyond its columns, as the model's instances do."""

    __slots__ = ()

    @property
    def pk(self):
        return self.id

    @property
    def aliases(self):
        aliases = self.aliases_string
        return [alias for alias in aliases.split("|") if alias] if aliases else []


def _row_class(name, columns, extra=(), **constants):
    """A named tuple of `columns`, then of `extra` attributes (None unless given), with the model's constants."""
    fields = (*columns, *extra)
    return type(name, (_Item, namedtuple(name, fields, defaults=(None,) * len(extra))),
                {"__slots__": (), **constants})


def related(prefix, columns):
    """The ORM names of `columns` of a related object (`data_type__label`, ...)."""
    return tuple(f"{prefix}__{column}" for column in columns)


CLASS_COLUMNS = (*ITEM_COLUMNS, "parent_data_class_id", *MULTIPLICITY)
DataClassRow = _row_class("DataClassRow", CLASS_COLUMNS, ("last_updated",), domain_type="DataClass",
                          path_prefix="dc")

TYPE_COLUMNS = (*ITEM_COLUMNS, "kind", "units", "reference_class_id", "model_resource_id", "model_resource_domain_type")


class DataTypeRow(_row_class("DataTypeRow", TYPE_COLUMNS, ("reference_class", "enumeration_values", "last_updated"),
                             path_prefix="dt")):
    __slots__ = ()

    @property
    def domain_type(self):
        return self.kind


ELEMENT_COLUMNS = (*ITEM_COLUMNS, "data_class_id", *MULTIPLICITY)
DataElementRow = _row_class("DataElementRow", ELEMENT_COLUMNS, ("data_type", "last_updated"),
                            domain_type="DataElement", path_prefix="de")

VALUE_COLUMNS = ("index", "id", "key", "value", "category", "data_type_id")
EnumerationValueRow = namedtuple("EnumerationValueRow", VALUE_COLUMNS)

#: A type with the class a reference type points to (a page of types; one type of an element).
TYPE_PAGE_COLUMNS = (*TYPE_COLUMNS, *related("reference_class", CLASS_COLUMNS))
#: The same with its enumeration values, one row per value (and one for a type without any).
TYPE_WITH_VALUES_COLUMNS = (*TYPE_PAGE_COLUMNS, *related("enumeration_values", VALUE_COLUMNS[:-1]))
#: An element and the id of its type (the types of a page are read apart, each once).
ELEMENT_PAGE_COLUMNS = (*ELEMENT_COLUMNS, "data_type_id")
REFERENCE_START = len(TYPE_COLUMNS)
VALUES_START = len(TYPE_PAGE_COLUMNS)


def type_from(row, values_by_type):
    """A type row from `TYPE_PAGE_COLUMNS` values, with its enumeration values."""
    reference = row[REFERENCE_START:VALUES_START]
    return DataTypeRow(*row[:REFERENCE_START], DataClassRow(*reference) if reference[0] is not None else None,
                       values_by_type.get(row[0], ()))


def types_from(rows):
    """{type id: type row} from `TYPE_WITH_VALUES_COLUMNS` values, each type's values in the rows' order."""
    firsts, values = {}, {}
    for row in rows:
        type_id = row[0]
        if type_id not in firsts:
            firsts[type_id] = row
        if row[VALUES_START + 1] is not None:
            values.setdefault(type_id, []).append(EnumerationValueRow(*row[VALUES_START:], type_id))
    return {type_id: type_from(row, values) for type_id, row in firsts.items()}


def elements_from(rows, types):
    """Element rows from `ELEMENT_PAGE_COLUMNS` values and their types ({id: type row})."""
    return [DataElementRow(*row[:-1], types[row[-1]]) for row in rows]
