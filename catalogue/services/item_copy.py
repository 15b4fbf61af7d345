"""Copying data classes, data elements and data types from another model (or within one), set-based.

A copy is planned in memory (new ids made here, so parents and references are known before any
insert), then written with one bulk insert per table, facets included: metadata, rules with their
representations, classifier links, outgoing semantic links, and a `Refines` link from every copy to
its original. Types of copied elements are matched by label in the target model, else copied; a
copied reference type points at the copy of its class when that class is copied too, else at the
class found by the same label path in the target, creating (shallow) the classes of that path that
are missing.

Classifiers and semantic link targets are permissioned on their own: only those the copier may read are
carried over (filtered in the query that reads them), so a copy neither attaches nor reveals the others.
"""

import uuid
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.access import readable_classifiers
from catalogue import models as m
from catalogue.selectors.items_lookup import readable_reference_condition
from catalogue.services import ordering
from catalogue.services.items import lock_model, record_copied, require_unique_label
from config.api.errors import BadRequest

#: Ids per `IN (...)` list when reading the source, far below every database's parameter limit.
CHUNK = 2000
BATCH = 1000


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _rows(queryset_for, ids):
    """All rows of `queryset_for(chunk)` over the chunks of `ids`."""
    out = []
    for chunk in _chunks(ids):
        out.extend(queryset_for(chunk))
    return out


class _Copy:
    """One copy into `target` from `source`: what to insert, and which original each new row came from."""

    def __init__(self, *, user, target, source):
        self.target, self.source = target, source
        self.user = user
        self.creator = user.email_address if user is not None and user.is_authenticated else ""
        self.classes, self.types, self.values, self.elements = [], [], [], []
        self.origins = {}  # source item id → (new id, domain type of the copy)
        self.class_map = {}  # source class id → new class id
        self.type_map = {}  # source type id → target type id (matched or new)
        self._source_tree = None
        self._target_keys = None  # (parent id, label) → class id, for the target (existing and planned)
        self._target_next = None  # parent id → next free index

    # --- the class trees -----------------------------------------------------------------------------------

    def source_tree(self):
        if self._source_tree is None:
            rows = m.DataClass.objects.filter(model_id=self.source.pk).values_list("pk", "label",
                                                                                  "parent_data_class_id")
            self._source_tree = {pk: (label, parent) for pk, label, parent in rows}
        return self._source_tree

    def _target_index(self):
        if self._target_keys is None:
            self._target_keys, self._target_next = {}, defaultdict(int)
            rows = m.DataClass.objects.filter(model_id=self.target.pk).values_list(
                "pk", "label", "parent_data_class_id", "index")
            for pk, label, parent, index in rows:
                self._target_keys[(parent, label)] = pk
                self._target_next[parent] = max(self._target_next[parent], index + 1)
        return self._target_keys

    def _place(self, parent_id, label, pk, index):
        """Register a planned class in the target tree (so later lookups by path find it)."""
        self._target_keys[(parent_id, label)] = pk
        self._target_next[parent_id] = max(self._target_next[parent_id], index + 1)

    def _new_class(self, original, *, parent_id, index):
        copy = m.DataClass(id=uuid.uuid4(), model_id=self.target.pk, parent_data_class_id=parent_id,
                           label=original.label, description=original.description,
                           aliases_string=original.aliases_string, min_multiplicity=original.min_multiplicity,
                           max_multiplicity=original.max_multiplicity, index=index, created_by=self.creator)
        self.classes.append(copy)
        self.class_map[original.pk] = copy.pk
        self.origins[original.pk] = (copy.pk, copy.domain_type)
        return copy

    def plan_class_subtree(self, root, *, parent_id, index):
        """Copy `root` under `parent_id` at `index`, with every class below it (parents first)."""
        children = defaultdict(list)
        for pk, (_, parent) in self.source_tree().items():
            children[parent].append(pk)
        order, frontier = [root.pk], [root.pk]
        while frontier:
            frontier = [child for pk in frontier for child in children.get(pk, ())]
            order.extend(frontier)
        originals = {c.pk: c for c in _rows(lambda ids: m.DataClass.objects.filter(pk__in=ids), order)}
        self._target_index()
        top = self._new_class(root, parent_id=parent_id, index=index)
        self._place(parent_id, root.label, top.pk, index)
        for pk in order[1:]:
            original = originals[pk]
            copy = self._new_class(original, parent_id=self.class_map[original.parent_data_class_id],
                                   index=original.index)
            self._place(copy.parent_data_class_id, copy.label, copy.pk, copy.index)
        elements = _rows(lambda ids: m.DataElement.objects.filter(model_id=self.source.pk, data_class_id__in=ids),
                         order)
        self.resolve_types({e.data_type_id for e in elements})
        for element in elements:
            self.plan_element(element, data_class_id=self.class_map[element.data_class_id], index=element.index)
        return top

    def target_class_for(self, source_class_id):
        """The target class a copied reference type points at (see the module docstring)."""
        if source_class_id in self.class_map:
            return self.class_map[source_class_id]
        tree = self.source_tree()
        chain, current = [], source_class_id
        while current is not None and current in tree:
            chain.append(current)
            current = tree[current][1]
        chain.reverse()
        keys = self._target_index()
        originals = None
        parent = None
        for pk in chain:
            label = tree[pk][0]
            found = keys.get((parent, label))
            if found is None:
                if originals is None:
                    originals = m.DataClass.objects.in_bulk(chain)
                copy = self._new_class(originals[pk], parent_id=parent, index=self._target_next[parent])
                self._place(parent, label, copy.pk, copy.index)
                found = copy.pk
            parent = found
        return parent

    # --- types and elements ------------------------------------------------------------------------------------

    def plan_type(self, original, *, index, label=None):
        copy = m.DataType(id=uuid.uuid4(), model_id=self.target.pk, kind=original.kind, label=label or original.label,
                          description=original.description, aliases_string=original.aliases_string,
                          units=original.units, model_resource_id=original.model_resource_id,
                          model_resource_domain_type=original.model_resource_domain_type, index=index,
                          created_by=self.creator)
        if original.kind == m.DataTypeKind.REFERENCE and original.reference_class_id:
            copy.reference_class_id = self.target_class_for(original.reference_class_id)
        self.types.append(copy)
        self.type_map[original.pk] = copy.pk
        self.origins[original.pk] = (copy.pk, copy.domain_type)
        return copy

    def resolve_types(self, source_type_ids):
        """Match the source types by label in the target; copy the others (appended to the model's types)."""
        wanted = [t for t in _rows(lambda ids: m.DataType.objects.filter(pk__in=ids), source_type_ids)
                  if t.pk not in self.type_map]
        labels = {t.label for t in wanted}
        existing = {label: pk for chunk in _chunks(labels) for label, pk in
                    m.DataType.objects.filter(model_id=self.target.pk, label__in=chunk).values_list("label", "pk")}
        existing.update({t.label: t.pk for t in self.types})
        end = None
        for original in sorted(wanted, key=lambda t: (t.index, t.label)):
            if original.label in existing:
                self.type_map[original.pk] = existing[original.label]
                continue
            if end is None:
                end = ordering.next_index(m.DataType.objects.filter(model_id=self.target.pk)) + len(self.types)
            copy = self.plan_type(original, index=end)
            existing[copy.label] = copy.pk
            end += 1

    def plan_values(self):
        """Copy the enumeration values of every copied enumeration type (one read per chunk of types)."""
        sources = [pk for pk, (_, domain) in self.origins.items() if domain == m.DataTypeKind.ENUMERATION]
        if not sources:
            return
        originals = _rows(lambda ids: m.EnumerationValue.objects.filter(data_type_id__in=ids), sources)
        for value in originals:
            copy = m.EnumerationValue(id=uuid.uuid4(), model_id=self.target.pk,
                                      data_type_id=self.type_map[value.data_type_id], key=value.key,
                                      label=value.key, value=value.value, category=value.category,
                                      index=value.index, description=value.description,
                                      aliases_string=value.aliases_string, created_by=self.creator)
            self.values.append(copy)
            self.origins[value.pk] = (copy.pk, copy.domain_type)

    def plan_element(self, original, *, data_class_id, index):
        copy = m.DataElement(id=uuid.uuid4(), model_id=self.target.pk, data_class_id=data_class_id,
                             data_type_id=self.type_map[original.data_type_id], label=original.label,
                             description=original.description, aliases_string=original.aliases_string,
                             min_multiplicity=original.min_multiplicity, max_multiplicity=original.max_multiplicity,
                             index=index, created_by=self.creator)
        self.elements.append(copy)
        self.origins[original.pk] = (copy.pk, copy.domain_type)
        return copy

    # --- writing ----------------------------------------------------------------------------------------------

    def save(self):
        self.plan_values()
        m.DataClass.objects.bulk_create(self.classes, batch_size=BATCH)
        m.DataType.objects.bulk_create(self.types, batch_size=BATCH)
        m.EnumerationValue.objects.bulk_create(self.values, batch_size=BATCH)
        m.DataElement.objects.bulk_create(self.elements, batch_size=BATCH)
        self.copy_facets()

    def _facet_rows(self, table, *fields, condition=None):
        """The originals' facets of one table (those matching `condition`), as dicts of `fields` (no model
        instances: they are many)."""
        rows = table.objects.filter(condition) if condition is not None else table.objects.all()
        return _rows(lambda ids: rows.filter(catalogue_item_id__in=ids).values("catalogue_item_id", *fields),
                     self.origins)

    def copy_facets(self):
        target, creator, now = self.target.pk, self.creator, timezone.now()

        def owned(table, row):
            """A copy of a facet row, attached to the copy of its item."""
            new_id, domain = self.origins[row.pop("catalogue_item_id")]
            row.setdefault("id", uuid.uuid4())
            return table(catalogue_item_id=new_id, catalogue_item_domain_type=domain, model_id=target,
                         created_by=creator, date_created=now, last_updated=now, **row)

        m.Metadata.objects.bulk_create(
            [owned(m.Metadata, row) for row in self._facet_rows(m.Metadata, "namespace", "key", "value")],
            batch_size=BATCH)
        rules = self._facet_rows(m.Rule, "id", "name", "description")
        rule_map = {rule["id"]: uuid.uuid4() for rule in rules}
        m.Rule.objects.bulk_create([owned(m.Rule, {**r, "id": rule_map[r["id"]]}) for r in rules], batch_size=BATCH)
        representations = _rows(lambda ids: m.RuleRepresentation.objects.filter(rule_id__in=ids).values(
            "rule_id", "language", "representation"), rule_map)
        m.RuleRepresentation.objects.bulk_create(
            [m.RuleRepresentation(rule_id=rule_map[r["rule_id"]], language=r["language"],
                                  representation=r["representation"], created_by=creator) for r in representations],
            batch_size=BATCH)
        readable = Q(classifier__in=readable_classifiers(self.user, m.Classifier.objects.all()))
        m.ClassifierLink.objects.bulk_create(
            [owned(m.ClassifierLink, row) for row in self._facet_rows(m.ClassifierLink, "classifier_id",
                                                                      condition=readable)],
            batch_size=BATCH)
        readable = readable_reference_condition(self.user, id_field="target_id", type_field="target_domain_type")
        links = [owned(m.SemanticLink, row) for row in self._facet_rows(
            m.SemanticLink, "link_type", "target_domain_type", "target_id", "unconfirmed", condition=readable)]
        # A copy has its original's domain type, so the link's target type is the copy's own.
        links += [m.SemanticLink(id=uuid.uuid4(), catalogue_item_id=new_id, catalogue_item_domain_type=domain,
                                 model_id=target, created_by=creator, date_created=now, last_updated=now,
                                 link_type=m.SemanticLinkType.REFINES, target_domain_type=domain, target_id=source_id)
                  for source_id, (new_id, domain) in self.origins.items()]
        m.SemanticLink.objects.bulk_create(links, batch_size=BATCH)


@transaction.atomic
def copy_data_class(*, user, target_model, target_parent, source_model, source_class):
    """Deep copy `source_class` (sub-classes, elements, their facets) to the target's root or under a class."""
    lock_model(target_model)
    parent_id = target_parent.pk if target_parent else None
    siblings = m.DataClass.objects.filter(model_id=target_model.pk, parent_data_class_id=parent_id)
    require_unique_label(siblings, source_class.label, domain_type="DataClass", where="within its parent")
    plan = _Copy(user=user, target=target_model, source=source_model)
    top = plan.plan_class_subtree(source_class, parent_id=parent_id, index=ordering.next_index(siblings))
    plan.save()
    record_copied(user=user, item=top, parent=target_parent or target_model, original=source_class,
                  original_model=source_model)
    return top


@transaction.atomic
def copy_data_element(*, user, target_class, source_model, source_element):
    """Copy an element (and its type when the target model has none of that label) into `target_class`."""
    target_model = target_class.model
    lock_model(target_model)
    siblings = m.DataElement.objects.filter(data_class=target_class)
    require_unique_label(siblings, source_element.label, domain_type="DataElement", where="within its DataClass")
    plan = _Copy(user=user, target=target_model, source=source_model)
    plan.resolve_types([source_element.data_type_id])
    copy = plan.plan_element(source_element, data_class_id=target_class.pk, index=ordering.next_index(siblings))
    plan.save()
    record_copied(user=user, item=copy, parent=target_class, original=source_element, original_model=source_model)
    return copy


@transaction.atomic
def copy_data_type(*, user, target_model, source_model, source_type):
    """Copy a type (with its enumeration values and facets); reference types cannot be copied alone."""
    if source_type.kind == m.DataTypeKind.REFERENCE:
        raise BadRequest("Copying of ReferenceType DataTypes is not possible", error_code="DTC01")
    lock_model(target_model)
    types = m.DataType.objects.filter(model_id=target_model.pk)
    require_unique_label(types, source_type.label, domain_type=source_type.kind, where="within its DataModel")
    plan = _Copy(user=user, target=target_model, source=source_model)
    copy = plan.plan_type(source_type, index=ordering.next_index(types))
    plan.save()
    record_copied(user=user, item=copy, parent=target_model, original=source_type, original_model=source_model)
    return copy
