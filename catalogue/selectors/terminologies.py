"""Read paths for terminologies and code sets: the objects a URL names (through the access policy), and the term
tree.

Every lookup starts from the terminology or code set named in the URL (`readable_data_model` of that kind), so an
unreadable one hides everything under it (404); an item named below it must belong to it (404 naming the item's
class otherwise). A term named in a code set route may be of any terminology the caller can read.

A terminology is a hierarchy when one of its relationship types is parental or child; its tree's first level is
its terms of depth 1 and a term's children are the terms it is the parent of, each level one query with
`is_parent` stored on the terms. Like Mauro, a level of more than `TREE_LEVEL_LIMIT` terms is shown empty.
"""

from django.db.models import Q

from accounts.access import readable_items, readable_models
from catalogue import models as m
from catalogue.selectors.datamodels import readable_data_model
from catalogue.selectors.paths import model_path_segment
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.prepared import PreparedQuery

TERM, RELATIONSHIP_TYPE, RELATIONSHIP = "Term", "TermRelationshipType", "TermRelationship"
#: A tree level with more terms than this is not shown (Mauro: "too many terms to provide a stable tree").
TREE_LEVEL_LIMIT = 100

TERM_SORT_FIELDS = {"code": "code", "label": "label", "definition": "definition", "idx": "index", "index": "index",
                    "lastUpdated": "last_updated", "dateCreated": "date_created"}
BY_CODE = ("code",)
TYPE_SORT_FIELDS = {"label": "label", "displayLabel": "display_label", "idx": "index", "index": "index",
                    "lastUpdated": "last_updated", "dateCreated": "date_created"}
BY_LABEL = ("label",)


def terminology(user, terminology_id):
    return readable_data_model(user, terminology_id, m.ModelDomainType.TERMINOLOGY)


def code_set(user, code_set_id):
    return readable_data_model(user, code_set_id, m.ModelDomainType.CODE_SET)


_TERM_OF = PreparedQuery(lambda: m.Term.objects.all(),
                         lambda terms, pk, model: terms.filter(pk=pk, model_id=model).order_by()[:1])
_TYPE_OF = PreparedQuery(lambda: m.TermRelationshipType.objects.all(),
                         lambda types, pk, model: types.filter(pk=pk, model_id=model).order_by()[:1])


def _in_model(query, resource, model, item_id):
    pk = parse_uuid(item_id, resource)
    found = query.first(pk=pk, model=model.pk)
    if found is None:
        raise NotFound(resource, pk)
    found.model = model
    return found


def term_of(model, term_id):
    """A term of the terminology (404 Term otherwise)."""
    return _in_model(_TERM_OF, TERM, model, term_id)


def relationship_type_of(model, type_id):
    return _in_model(_TYPE_OF, RELATIONSHIP_TYPE, model, type_id)


def readable_term(user, term_id):
    """Any term the caller may read (a code set's choice may come from any terminology), else the Term 404."""
    pk = parse_uuid(term_id, TERM)
    found = readable_items(user, m.Term.objects.filter(pk=pk)).select_related("model").first()
    if found is None:
        raise NotFound(TERM, pk)
    return found


def term_of_code_set(code_set, term_id):
    """A term the code set has chosen (404 Term otherwise)."""
    pk = parse_uuid(term_id, TERM)
    found = m.Term.objects.filter(pk=pk, code_set_links__code_set=code_set).select_related("model").first()
    if found is None:
        raise NotFound(TERM, pk)
    return found


def relationships():
    """Relationships with what their answer shows (type and both terms) loaded alongside."""
    return m.TermRelationship.objects.select_related("relationship_type", "source_term", "target_term")


def relationships_of_term(term):
    """The relationships the term is the source or the target of."""
    return relationships().filter(Q(source_term=term) | Q(target_term=term))


def code_set_terms(code_set):
    """The terms a code set has chosen, with their terminologies (their paths name them)."""
    return m.Term.objects.filter(code_set_links__code_set=code_set).select_related("model")


def code_sets_of_term(user, term):
    """The code sets the caller can read that have chosen the term."""
    return readable_models(user, m.CatalogueModel.objects.filter(
        model_domain_type=m.ModelDomainType.CODE_SET,
        pk__in=m.CodeSetTerm.objects.filter(term=term).values("code_set_id"))).select_related("folder", "authority")


# --- the tree ------------------------------------------------------------------------------------------------

_HIERARCHICAL = PreparedQuery(lambda: m.TermRelationshipType.objects.all(), lambda types, model: types.filter(
    model_id=model).filter(Q(parental_relationship=True) | Q(child_relationship=True)).order_by().values_list("pk")[:1])


def is_hierarchy(model):
    """Whether the terminology has a parental or child relationship type (one query)."""
    return model.model_domain_type == m.ModelDomainType.TERMINOLOGY and bool(_HIERARCHICAL.rows(model=model.pk))


def require_hierarchy(model):
    if not is_hierarchy(model):
        raise BadRequest("Terminology does not support tree view", error_code="TMT01")


_ROOT_TERMS = PreparedQuery(lambda: m.Term.objects.all(), lambda terms, model: terms.filter(
    model_id=model, depth=1).order_by("code", "pk")[:TREE_LEVEL_LIMIT + 1])


def _child_terms(term):
    """Terms the term is the parent of: targets of its parental relationships, sources of child ones to it."""
    parental = m.TermRelationship.objects.filter(source_term=term, relationship_type__parental_relationship=True)
    child = m.TermRelationship.objects.filter(target_term=term, relationship_type__child_relationship=True)
    children = Q(pk__in=parental.values("target_term_id")) | Q(pk__in=child.values("source_term_id"))
    return m.Term.objects.filter(children).order_by("code", "pk")[:TREE_LEVEL_LIMIT + 1]


def tree_terms(model, parent=None):
    """The terms of one level of the tree (the first, or the children of `parent`), by code: one query; a level
    too large to show is empty."""
    terms = list(_ROOT_TERMS.objects(model=model.pk) if parent is None else _child_terms(parent))
    return [] if len(terms) > TREE_LEVEL_LIMIT else terms


def term_path(model, term):
    return f"{model_path_segment(model)}|tm:{term.code}"
