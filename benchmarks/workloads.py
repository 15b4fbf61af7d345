"""The reference workloads of the quality bar, generated straight into the database.

- **M**: one data model, 200 data classes nested 3 deep, 10,000 data elements, 50 enumeration types with
  20 values each, 100 primitive types, 2 metadata entries per element (about 31,000 rows).
- **L**: the same shape ×10.

The generator is seeded: the same seed, label and shape give the same rows (ids included), so runs can be
compared. Rows are written with `bulk_create` in batches sized so that no statement exceeds the database's
bind-parameter limit (SQLite's 999 as Django assumes it, PostgreSQL's 65,535), in one transaction.

From code (tests use a small `scale`)::

    from benchmarks.workloads import WORKLOADS, generate
    result = generate(WORKLOADS["M"].scaled(0.01), label="Tiny", created_by="me@example.com")
"""

import math
import random
import uuid
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from catalogue import models as m

#: Rows per INSERT when the parameter limit allows more: big enough to be fast, small enough to stay light.
MAX_ROWS_PER_INSERT = 2000
#: PostgreSQL's wire protocol limit on bind parameters in one statement.
POSTGRES_MAX_PARAMS = 65535


@dataclass(frozen=True)
class Shape:
    """How much of everything one generated model holds."""

    classes: int = 200
    depth: int = 3
    elements: int = 10_000
    enumeration_types: int = 50
    values_per_enumeration: int = 20
    primitive_types: int = 100
    metadata_per_element: int = 2

    def scaled(self, factor):
        """The same shape with every count multiplied by `factor` (at least one class and one element)."""
        def times(n, minimum=0):
            return max(minimum, round(n * factor))

        return replace(self, classes=times(self.classes, 1), elements=times(self.elements, 1),
                       enumeration_types=times(self.enumeration_types), primitive_types=times(self.primitive_types, 1))

    @property
    def rows(self):
        """Rows written for one model (the model itself included)."""
        return (1 + self.classes + self.elements + self.enumeration_types * (1 + self.values_per_enumeration)
                + self.primitive_types + self.elements * self.metadata_per_element)

    @property
    def items(self):
        """Model items (classes, elements, data types, enumeration values), facets excluded."""
        return (self.classes + self.elements + self.enumeration_types * (1 + self.values_per_enumeration)
                + self.primitive_types)


WORKLOADS = {"M": Shape(), "L": Shape().scaled(10)}


@dataclass
class Generated:
    model: m.CatalogueModel
    shape: Shape
    rows: int


def batch_size(model_class):
    """Rows per INSERT for `model_class` on the current database, within its bind-parameter limit."""
    limit = connection.features.max_query_params or POSTGRES_MAX_PARAMS
    columns = len([f for f in model_class._meta.concrete_fields])
    return max(1, min(MAX_ROWS_PER_INSERT, limit // columns))


def _insert(model_class, rows):
    """Insert an iterable of unsaved rows a few batches at a time, so L never sits in memory at once."""
    size = batch_size(model_class)
    written, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size * 10:
            model_class.objects.bulk_create(chunk, batch_size=size)
            written, chunk = written + len(chunk), []
    if chunk:
        model_class.objects.bulk_create(chunk, batch_size=size)
    return written + len(chunk)


def _level_sizes(total, depth):
    """Classes per nesting level, growing ×4 then ×5 per level like M's 8 → 32 → 160."""
    weights = [1]
    for level in range(1, depth):
        weights.append(weights[-1] * (4 if level == 1 else 5))
    sizes = [max(1, math.floor(total * w / sum(weights))) for w in weights]
    sizes[-1] += total - sum(sizes)
    while sizes[-1] < 0:  # tiny totals: drop the deepest levels
        sizes.pop()
        sizes[-1] += total - sum(sizes)
    return [s for s in sizes if s > 0]


def _words(rng, count):
    return " ".join(rng.choices(_VOCABULARY, k=count))


_VOCABULARY = ("patient", "episode", "admission", "record", "code", "date", "identifier", "status", "source",
               "clinical", "observation", "result", "unit", "value", "provider", "site", "referral", "period",
               "type", "category", "measure", "outcome", "diagnosis", "procedure", "service", "contact")


@transaction.atomic
def generate(shape, *, label, folder=None, created_by="", seed=1, finalised=False):
    """Write one model of `shape` and its content; returns what was written.

    `folder` defaults to a root folder named after the label. Ids come from the seeded generator, so
    two models in one database need different labels or seeds.
    """
    rng = random.Random(f"{seed}|{label}|{shape}")

    def new_id():
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    now = timezone.now()
    common = {"created_by": created_by, "date_created": now, "last_updated": now}
    if folder is None:
        folder = m.Folder(id=new_id(), label=f"{label} folder", **common)
        folder.save()
    model = m.CatalogueModel(
        id=new_id(), label=label, folder=folder, authority=m.Authority.default(),
        model_domain_type=m.ModelDomainType.DATA_MODEL, model_type=m.DataModelType.DATA_STANDARD,
        description=f"Generated workload ({shape.elements} elements)", finalised=finalised,
        model_version="1.0.0" if finalised else None, date_finalised=now if finalised else None, **common)
    m.CatalogueModel.objects.bulk_create([model])
    written = 1
    # Foreign keys are set by id (`model_id=`): assigning instances costs more than the insert itself.
    common["model_id"] = model.pk

    primitives = [
        m.DataType(id=new_id(), label=f"primitive {n}", kind=m.DataTypeKind.PRIMITIVE, index=n,
                   units=rng.choice([None, "mm", "kg", "days"]), **common)
        for n in range(shape.primitive_types)]
    enumerations = [
        m.DataType(id=new_id(), label=f"enumeration {n}", kind=m.DataTypeKind.ENUMERATION,
                   index=shape.primitive_types + n, description=_words(rng, 6), **common)
        for n in range(shape.enumeration_types)]
    written += _insert(m.DataType, primitives + enumerations)
    written += _insert(m.EnumerationValue, (
        m.EnumerationValue(id=new_id(), data_type_id=enumeration.pk, key=f"K{v:03d}", label=f"K{v:03d}",
                           value=_words(rng, 3), index=v, **common)
        for enumeration in enumerations for v in range(shape.values_per_enumeration)))

    classes, parents = [], [None]
    for level, size in enumerate(_level_sizes(shape.classes, shape.depth)):
        level_classes = []
        for n in range(size):
            parent = parents[n % len(parents)]
            level_classes.append(m.DataClass(
                id=new_id(), parent_data_class_id=parent.pk if parent else None, label=f"class {level}.{n}",
                index=n // len(parents), description=_words(rng, 8), min_multiplicity=rng.choice([0, 1]),
                max_multiplicity=rng.choice([1, -1]), **common))
        classes += level_classes
        parents = level_classes
    written += _insert(m.DataClass, classes)

    data_types = primitives + enumerations
    elements = [
        m.DataElement(id=new_id(), data_class_id=classes[n % len(classes)].pk,
                      data_type_id=rng.choice(data_types).pk, label=f"element {n}", index=n // len(classes),
                      description=_words(rng, 10), min_multiplicity=rng.choice([0, 1]),
                      max_multiplicity=rng.choice([1, -1]), **common)
        for n in range(shape.elements)]
    written += _insert(m.DataElement, elements)
    written += _insert(m.Metadata, (
        m.Metadata(id=new_id(), catalogue_item_domain_type="DataElement", catalogue_item_id=element.pk,
                   namespace="benchmark.workload", key=f"key {k}", value=_words(rng, 4), **common)
        for element in elements for k in range(shape.metadata_per_element)))
    return Generated(model=model, shape=shape, rows=written)
