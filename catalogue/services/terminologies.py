"""Terms, term relationship types and term relationships of a terminology, and the terms a code set chooses.

Callers have resolved the terminology (or code set) and every object the request names through the access policy
(hidden → 404) and checked the editor's right on a draft model; the rules here are the content's own: a code is
unique in its terminology, a relationship joins two different terms of one terminology by a type of that
terminology, a code set's term is one the caller may read. A refused write stores nothing (422).

A term's `depth` and `is_parent` follow from the terminology's parental and child relationships;
`refresh_hierarchy` works them out for a whole terminology in a fixed number of queries after any change to its
relationships, so the importer can insert terms and relationships in bulk and call it once.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.access import readable_items
from catalogue import models as m
from catalogue.services.edits import edit_for
from catalogue.services.items import (
    clean_description,
    delete_facets,
    lock_model,
    record_created,
    record_removed,
    record_updated,
    require_unique_label,
    snapshot,
)
from catalogue.services.labels import validate_label
from config.api.errors import Unprocessable
from config.api.ids import optional_uuid

TERM, RELATIONSHIP_TYPE, RELATIONSHIP = "Term", "TermRelationshipType", "TermRelationship"
_TERM_TRACKED = {"code": "code", "definition": "definition", "url": "url", "description": "description"}
_TYPE_TRACKED = {"label": "label", "displayLabel": "display_label", "description": "description",
                 "parentalRelationship": "parental_relationship", "childRelationship": "child_relationship"}
_URL = URLValidator()


def _creator(user):
    return user.email_address if user is not None and user.is_authenticated else ""


def _aliases(aliases, domain_type):
    cleaned = []
    for alias in aliases or []:
        if not alias.strip() or "|" in alias:
            raise Unprocessable([{"message": f"Property [aliases] of class [{domain_type}] with value [{alias}] "
                                             "cannot be blank or contain '|'", "field": "aliases"}])
        if alias not in cleaned:
            cleaned.append(alias)
    return "|".join(cleaned) or None


def _no_nul(value, field, domain_type):
    if isinstance(value, str) and "\x00" in value:
        raise Unprocessable([{"message": f"Property [{field}] of class [{domain_type}] cannot contain a NUL "
                                         "character", "field": field}])
    return value


def _checked_url(url):
    """A term's url is optional; when given it must be a valid URL (422)."""
    if url is None or not url.strip():
        return None
    try:
        _URL(url)
    except DjangoValidationError:
        raise Unprocessable([{"message": f"Property [url] of class [{TERM}] with value [{url}] is not a valid URL",
                              "field": "url"}])
    return url


def _require_unique_code(terminology, code, exclude_pk=None):
    require_unique_label(m.Term.objects.filter(model_id=terminology.pk), code, domain_type=TERM,
                         where="within its terminology", exclude_pk=exclude_pk, field="code")


# --- terms ---------------------------------------------------------------------------------------------------

@transaction.atomic
def create_term(*, user, terminology, code, definition, url=None, description=None, aliases=(), index=None):
    """A new term; its label is `code: definition` (the code alone when both are the same)."""
    _no_nul(code, "code", TERM)
    _no_nul(definition, "definition", TERM)
    lock_model(terminology)
    _require_unique_code(terminology, code)
    term = m.Term.objects.create(
        model=terminology, code=code, definition=definition, label=m.term_label(code, definition),
        url=_checked_url(url), description=clean_description(description, domain_type=TERM),
        aliases_string=_aliases(aliases, TERM), index=index if index is not None else 0, created_by=_creator(user))
    record_created(user=user, item=term, parent=terminology)
    return term


@transaction.atomic
def update_term(*, user, term, changes):
    """Apply the fields present in `changes`; the label follows the code and definition."""
    before = snapshot(term, _TERM_TRACKED)
    if "code" in changes and changes["code"] != term.code:
        _no_nul(changes["code"], "code", TERM)
        lock_model(term.model)
        _require_unique_code(term.model, changes["code"], exclude_pk=term.pk)
        term.code = changes["code"]
    if "definition" in changes:
        term.definition = _no_nul(changes["definition"], "definition", TERM)
    if "url" in changes:
        term.url = _checked_url(changes["url"])
    if "description" in changes:
        term.description = clean_description(changes["description"], domain_type=TERM)
    if "aliases" in changes:
        term.aliases_string = _aliases(changes["aliases"], TERM)
    if changes.get("index") is not None:
        term.index = changes["index"]
    term.label = m.term_label(term.code, term.definition)
    term.save()
    record_updated(user=user, item=term, before=before, after=snapshot(term, _TERM_TRACKED))
    return term


def _delete_relationships(terminology, relationships):
    """Remove relationships (a queryset) and their facets."""
    delete_facets(model_id=terminology.pk, item_ids=list(relationships.values_list("pk", flat=True)))
    relationships.delete()


@transaction.atomic
def delete_term(*, user, term):
    """Remove the term, its relationships (either end), its place in code sets and every facet on them."""
    terminology = term.model
    lock_model(terminology)
    _delete_relationships(terminology, m.TermRelationship.objects.filter(source_term=term)
                          | m.TermRelationship.objects.filter(target_term=term))
    m.CodeSetTerm.objects.filter(term=term).delete()
    delete_facets(model_id=terminology.pk, item_ids=[term.pk])
    term.delete()
    refresh_hierarchy(terminology)
    record_removed(user=user, item=term, parent=terminology)


# --- relationship types --------------------------------------------------------------------------------------

def _type_label(label):
    validate_label(label, domain_type=RELATIONSHIP_TYPE)
    return _no_nul(label, "label", RELATIONSHIP_TYPE)


@transaction.atomic
def create_relationship_type(*, user, terminology, label, display_label=None, description=None, aliases=(),
                             parental_relationship=False, child_relationship=False, index=None):
    """A new type of relationship; its display label is its label unless given."""
    _type_label(label)
    lock_model(terminology)
    require_unique_label(m.TermRelationshipType.objects.filter(model_id=terminology.pk), label,
                         domain_type=RELATIONSHIP_TYPE, where="within its terminology")
    relationship_type = m.TermRelationshipType.objects.create(
        model=terminology, label=label, display_label=display_label or label,
        description=clean_description(description, domain_type=RELATIONSHIP_TYPE),
        aliases_string=_aliases(aliases, RELATIONSHIP_TYPE), parental_relationship=bool(parental_relationship),
        child_relationship=bool(child_relationship), index=index if index is not None else 0,
        created_by=_creator(user))
    record_created(user=user, item=relationship_type, parent=terminology)
    return relationship_type


@transaction.atomic
def update_relationship_type(*, user, relationship_type, changes):
    """Apply the fields present in `changes`; relationships of the type take a new label with it, and a change of
    its parental or child flag reshapes the terminology's hierarchy."""
    terminology = relationship_type.model
    before = snapshot(relationship_type, _TYPE_TRACKED)
    if "label" in changes and changes["label"] != relationship_type.label:
        _type_label(changes["label"])
        lock_model(terminology)
        require_unique_label(m.TermRelationshipType.objects.filter(model_id=terminology.pk), changes["label"],
                             domain_type=RELATIONSHIP_TYPE, where="within its terminology",
                             exclude_pk=relationship_type.pk)
        relationship_type.label = changes["label"]
        m.TermRelationship.objects.filter(relationship_type=relationship_type).update(label=changes["label"])
    if changes.get("display_label"):
        relationship_type.display_label = _no_nul(changes["display_label"], "displayLabel", RELATIONSHIP_TYPE)
    if "description" in changes:
        relationship_type.description = clean_description(changes["description"], domain_type=RELATIONSHIP_TYPE)
    if "aliases" in changes:
        relationship_type.aliases_string = _aliases(changes["aliases"], RELATIONSHIP_TYPE)
    for field in ("parental_relationship", "child_relationship"):
        if changes.get(field) is not None:
            setattr(relationship_type, field, changes[field])
    if changes.get("index") is not None:
        relationship_type.index = changes["index"]
    relationship_type.save()
    if (before["parentalRelationship"], before["childRelationship"]) != (
            relationship_type.parental_relationship, relationship_type.child_relationship):
        refresh_hierarchy(terminology)
    record_updated(user=user, item=relationship_type, before=before,
                   after=snapshot(relationship_type, _TYPE_TRACKED))
    return relationship_type


@transaction.atomic
def delete_relationship_type(*, user, relationship_type):
    """Remove the type and every relationship of that type (with their facets)."""
    terminology = relationship_type.model
    lock_model(terminology)
    _delete_relationships(terminology, m.TermRelationship.objects.filter(relationship_type=relationship_type))
    delete_facets(model_id=terminology.pk, item_ids=[relationship_type.pk])
    relationship_type.delete()
    refresh_hierarchy(terminology)
    record_removed(user=user, item=relationship_type, parent=terminology)


# --- relationships -------------------------------------------------------------------------------------------

_REFERENCED = {"sourceTerm": (m.Term, TERM), "targetTerm": (m.Term, TERM),
               "relationshipType": (m.TermRelationshipType, RELATIONSHIP_TYPE)}


def _referenced(user, value, field):
    """The term or relationship type a body names (`"<uuid>"` or `{"id": ...}`); missing, malformed, unknown or
    unreadable → 422 on that field (the same answer for the last two, so nothing leaks)."""
    cls, domain_type = _REFERENCED[field]
    pk = optional_uuid(value, field=field, domain_type=RELATIONSHIP)
    if pk is None:
        raise Unprocessable([{"message": f"Property [{field}] of class [{RELATIONSHIP}] cannot be null",
                              "field": field}])
    found = readable_items(user, cls.objects.filter(pk=pk)).first()
    if found is None:
        raise Unprocessable([{"message": f"Property [{field}] of class [{RELATIONSHIP}] with value [{pk}] does not "
                                         f"name a readable {domain_type}", "field": field}])
    return found


def _check_relationship(terminology, *, term, source_term, target_term, relationship_type):
    """Every problem at once: ends and type of this terminology, two different terms, the URL's term one of them."""
    errors = []
    for field, item in (("sourceTerm", source_term), ("targetTerm", target_term),
                        ("relationshipType", relationship_type)):
        if item.model_id != terminology.pk:
            errors.append({"message": f"Property [{field}] of class [{RELATIONSHIP}] with value [{item.pk}] does not "
                                      f"belong to Terminology [{terminology.label}]", "field": field})
    if source_term.pk == target_term.pk:
        errors.append({"message": f"Property [targetTerm] of class [{RELATIONSHIP}] cannot be the same as "
                                  "[sourceTerm]", "field": "targetTerm"})
    if term is not None and term.pk not in (source_term.pk, target_term.pk):
        errors.append({"message": f"Term [{term.code}] must be the source or the target of the relationship",
                       "field": "sourceTerm"})
    if errors:
        raise Unprocessable(errors)


@transaction.atomic
def create_relationship(*, user, terminology, term, source_term, target_term, relationship_type, description=None,
                        index=None):
    """`source_term` relates to `target_term` by `relationship_type` (all named by id in the body, all of
    `terminology`; `term`, the term named in the URL, one of the ends); its label is the type's."""
    source_term = _referenced(user, source_term, "sourceTerm")
    target_term = _referenced(user, target_term, "targetTerm")
    relationship_type = _referenced(user, relationship_type, "relationshipType")
    _check_relationship(terminology, term=term, source_term=source_term, target_term=target_term,
                        relationship_type=relationship_type)
    lock_model(terminology)
    relationship = m.TermRelationship.objects.create(
        model=terminology, relationship_type=relationship_type, source_term=source_term, target_term=target_term,
        label=relationship_type.label, description=clean_description(description, domain_type=RELATIONSHIP),
        index=index if index is not None else 0, created_by=_creator(user))
    if relationship_type.parental_relationship or relationship_type.child_relationship:
        refresh_hierarchy(terminology)
    record_created(user=user, item=relationship, parent=source_term)
    return relationship


@transaction.atomic
def update_relationship(*, user, relationship, term, changes):
    """Change the type, the ends or the description; the same rules as a new relationship."""
    terminology = relationship.model
    before = {"relationshipType": relationship.relationship_type.label, "sourceTerm": relationship.source_term.code,
              "targetTerm": relationship.target_term.code, "description": relationship.description}
    named = {field: _referenced(user, changes[key], field) for field, key in (
        ("relationshipType", "relationship_type"), ("sourceTerm", "source_term"), ("targetTerm", "target_term"))
        if changes.get(key) is not None}
    relationship_type = named.get("relationshipType", relationship.relationship_type)
    source_term = named.get("sourceTerm", relationship.source_term)
    target_term = named.get("targetTerm", relationship.target_term)
    _check_relationship(terminology, term=term, source_term=source_term, target_term=target_term,
                        relationship_type=relationship_type)
    old_type = relationship.relationship_type
    relationship.relationship_type, relationship.source_term, relationship.target_term = (
        relationship_type, source_term, target_term)
    relationship.label = relationship_type.label
    if "description" in changes:
        relationship.description = clean_description(changes["description"], domain_type=RELATIONSHIP)
    relationship.save()
    if any(t.parental_relationship or t.child_relationship for t in (old_type, relationship_type)):
        refresh_hierarchy(terminology)
    record_updated(user=user, item=relationship, before=before, after={
        "relationshipType": relationship_type.label, "sourceTerm": source_term.code,
        "targetTerm": target_term.code, "description": relationship.description})
    return relationship


@transaction.atomic
def delete_relationship(*, user, relationship):
    terminology = relationship.model
    hierarchical = (relationship.relationship_type.parental_relationship
                    or relationship.relationship_type.child_relationship)
    delete_facets(model_id=terminology.pk, item_ids=[relationship.pk])
    relationship.delete()
    if hierarchical:
        refresh_hierarchy(terminology)
    record_removed(user=user, item=relationship, parent=relationship.source_term)


# --- the hierarchy -------------------------------------------------------------------------------------------

def parent_child_pairs(terminology_id):
    """(parent term id, child term id) of every parental or child relationship of the terminology (one query)."""
    rows = (m.TermRelationship.objects.filter(model_id=terminology_id)
            .filter(relationship_type__parental_relationship=True)
            .order_by().values_list("source_term_id", "target_term_id"))
    child_rows = (m.TermRelationship.objects.filter(model_id=terminology_id)
                  .filter(relationship_type__child_relationship=True, relationship_type__parental_relationship=False)
                  .order_by().values_list("target_term_id", "source_term_id"))
    return list(rows.union(child_rows, all=True))


def hierarchy_of(term_ids, pairs):
    """{term id: (depth, is parent)}: 1 for a term without a parent, one more than its shallowest parent below; a
    term whose parents never reach a root (a cycle) has `UNREACHABLE_DEPTH`."""
    children, has_parent = defaultdict(list), set()
    for parent, child in pairs:
        children[parent].append(child)
        has_parent.add(child)
    depth = {pk: 1 for pk in term_ids if pk not in has_parent}
    frontier = list(depth)
    while frontier:
        following = []
        for parent in frontier:
            for child in children.get(parent, ()):
                if child not in depth:
                    depth[child] = depth[parent] + 1
                    following.append(child)
        frontier = following
    return {pk: (depth.get(pk, m.UNREACHABLE_DEPTH), pk in children) for pk in term_ids}


def refresh_hierarchy(terminology):
    """Store every term's depth and whether it is a parent, from the terminology's relationships: three queries and
    one UPDATE per batch of changed terms, whatever the size."""
    stored = {pk: (depth, is_parent) for pk, depth, is_parent in
              m.Term.objects.filter(model_id=terminology.pk).values_list("pk", "depth", "is_parent")}
    worked_out = hierarchy_of(stored, parent_child_pairs(terminology.pk))
    changed = [m.Term(pk=pk, depth=depth, is_parent=is_parent) for pk, (depth, is_parent) in worked_out.items()
               if stored[pk] != (depth, is_parent)]
    m.Term.objects.bulk_update(changed, ["depth", "is_parent"], batch_size=500)
    return len(changed)


# --- code sets -----------------------------------------------------------------------------------------------

@transaction.atomic
def add_term_to_code_set(*, user, code_set, term):
    """The code set chooses the term (of any terminology the caller can read); choosing it again changes nothing."""
    if not readable_items(user, m.Term.objects.filter(pk=term.pk)).exists():
        raise Unprocessable([{"message": f"Term [{term.pk}] is not readable", "field": "term"}])
    _, created = m.CodeSetTerm.objects.get_or_create(code_set=code_set, term=term)
    if created:
        code_set.save(update_fields=["last_updated"])
        edit_for(code_set, user=user, title=m.EditTitle.UPDATE,
                 description=f"[Term:{term.code}] added to [CodeSet:{code_set.label}]").save()
    return code_set


@transaction.atomic
def remove_term_from_code_set(*, user, code_set, term):
    removed, _ = m.CodeSetTerm.objects.filter(code_set=code_set, term=term).delete()
    if removed:
        code_set.save(update_fields=["last_updated"])
        edit_for(code_set, user=user, title=m.EditTitle.UPDATE,
                 description=f"[Term:{term.code}] removed from [CodeSet:{code_set.label}]").save()
    return code_set
