"""Every folder's and classifier's ancestors stored as rows, so "below a granted folder" is a join, not a walk.

A lineage table holds one row per container and each of its ancestors, the container itself included
(depth 0). The containers keep their rows themselves, whoever writes them (services, the Django admin, the
importer, bulk builders, tests): `save()` adds the rows of a new container and relinks the subtree of a moved
one, `bulk_create` adds rows for the whole batch, and deletes cascade. Code that inserts containers with raw
SQL (the importer's classifiers) or raw saves (`loaddata`) calls `add_lineage` itself.
"""

from django.db import models

#: Ids per `IN (...)` list: far below SQLite's and PostgreSQL's parameter limits.
CHUNK = 500
_UNKNOWN = object()


class Lineage(models.Model):
    """Abstract: `descendant` has `ancestor` `depth` levels above it (0: the row of the container itself)."""

    depth = models.PositiveIntegerField()

    class Meta:
        abstract = True


def _chunks(ids):
    ids = list(ids)
    return [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]


def lineage_rows(parents, chains_above):
    """(descendant, ancestor, depth) for containers `{id: parent id}`, given the stored chains
    `{id: [(ancestor, depth), ...]}` of parents outside the batch (parents inside it may come in any order)."""
    known = {}
    for pk in parents:
        pending, current = [], pk
        while current is not None and current in parents and current not in known:
            if len(pending) > len(parents):
                raise ValueError("The containers' parents form a cycle")
            pending.append(current)
            current = parents[current]
        above = [] if current is None else known.get(current, chains_above.get(current, []))
        for node in reversed(pending):
            above = [(node, 0), *((ancestor, depth + 1) for ancestor, depth in above)]
            known[node] = above
    return [(pk, ancestor, depth) for pk, chain in known.items() for ancestor, depth in chain]


def add_lineage(container_class, parents):
    """Store the rows of new containers, `{id: parent id}` (or (id, parent id) pairs)."""
    parents = dict(parents)
    table = container_class.lineage_model
    outside = {parent for parent in parents.values() if parent is not None and parent not in parents}
    chains = {}
    for chunk in _chunks(outside):
        for pk, ancestor, depth in table.objects.filter(descendant_id__in=chunk).values_list(
                "descendant_id", "ancestor_id", "depth"):
            chains.setdefault(pk, []).append((ancestor, depth))
    table.objects.bulk_create([table(descendant_id=pk, ancestor_id=ancestor, depth=depth)
                               for pk, ancestor, depth in lineage_rows(parents, chains)], batch_size=1000)


def move_lineage(container_class, pk, parent_id):
    """Relink the subtree of container `pk`, just moved under `parent_id` (None: the root): four queries."""
    table = container_class.lineage_model
    subtree = table.objects.filter(ancestor_id=pk)
    below = list(subtree.values_list("descendant_id", "depth"))
    table.objects.filter(descendant_id__in=subtree.values("descendant_id")).exclude(
        ancestor_id__in=subtree.values("descendant_id")).delete()
    if parent_id is None:
        return
    above = list(table.objects.filter(descendant_id=parent_id).values_list("ancestor_id", "depth"))
    table.objects.bulk_create([table(descendant_id=descendant, ancestor_id=ancestor, depth=low + high + 1)
                               for descendant, low in below for ancestor, high in above], batch_size=1000)


class LineageQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Containers made in bulk get their lineage in the same call (parents first or not)."""
        objs = super().bulk_create(objs, *args, **kwargs)
        attname = self.model.parent_attname
        add_lineage(self.model, {obj.pk: getattr(obj, attname) for obj in objs})
        return objs


class KeepsLineage:
    """Mixin of the container models: `parent_attname` names the parent key, `lineage_model` the table."""

    parent_attname = ""
    lineage_model = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_parent = instance.__dict__.get(cls.parent_attname, _UNKNOWN)
        return instance

    def _stored_parent_id(self):
        stored = getattr(self, "_stored_parent", _UNKNOWN)
        if stored is _UNKNOWN:  # loaded without its parent column
            stored = (self.lineage_model.objects.filter(descendant_id=self.pk, depth=1)
                      .values_list("ancestor_id", flat=True).first())
        return stored

    def save(self, *args, **kwargs):
        adding = self._state.adding
        update_fields = kwargs.get("update_fields")
        parent_saved = update_fields is None or {self.parent_attname,
                                                 self.parent_attname.removesuffix("_id")} & set(update_fields)
        super().save(*args, **kwargs)
        parent = getattr(self, self.parent_attname)
        if adding:
            add_lineage(type(self), {self.pk: parent})
        elif parent_saved and parent != self._stored_parent_id():
            move_lineage(type(self), self.pk, parent)
        if parent_saved:
            self._stored_parent = parent
