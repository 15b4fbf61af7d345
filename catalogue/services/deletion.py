"""Permanent deletion of whole models and folders, set-based: one DELETE per table per chunk of models."""

from django.db import transaction

from catalogue import models as m

#: Models per DELETE statement; keeps `IN (...)` lists far below SQLite's and PostgreSQL's parameter limits.
MODEL_CHUNK = 200

# Order matters: rows are removed before the rows they point at.
_TABLES_BY_MODEL = [
    m.Edit, m.Metadata, m.SemanticLink, m.ReferenceFile, m.ClassifierLink,
    m.EnumerationValue, m.DataElement, m.DataClassExtension, m.DataType, m.DataClass,
    m.TermRelationship, m.Term, m.TermRelationshipType,
]


def _delete_model_chunk(ids):
    m.RuleRepresentation.objects.filter(rule__model_id__in=ids).delete()
    m.Rule.objects.filter(model_id__in=ids).delete()
    m.Annotation.objects.filter(model_id__in=ids).update(parent_annotation=None)
    m.Annotation.objects.filter(model_id__in=ids).delete()
    # A code set's choices go with the code set, and with the terminology of the terms chosen.
    m.CodeSetTerm.objects.filter(code_set_id__in=ids).delete()
    m.CodeSetTerm.objects.filter(term__model_id__in=ids).delete()
    for table in _TABLES_BY_MODEL:
        table.objects.filter(model_id__in=ids).delete()
    m.VersionLink.objects.filter(source_model_id__in=ids).delete()
    m.VersionLink.objects.filter(target_model_id__in=ids).delete()
    # Facets on the models themselves are keyed by item id too (model_id equals the item id there).
    m.CatalogueModel.objects.filter(pk__in=ids).delete()


@transaction.atomic
def permanently_delete_models(*, model_ids):
    ids = list(model_ids)
    for start in range(0, len(ids), MODEL_CHUNK):
        _delete_model_chunk(ids[start:start + MODEL_CHUNK])
    return len(ids)


def folder_subtree_ids(folder_id):
    """The folder and every folder below it, the folder first: one query, whatever the depth."""
    below = m.FolderLineage.objects.filter(ancestor_id=folder_id, depth__gt=0).values_list("descendant_id", flat=True)
    return [folder_id, *below]


@transaction.atomic
def permanently_delete_folder(*, folder):
    """Remove a folder, its sub-folders, their models and every facet on them."""
    folder_ids = folder_subtree_ids(folder.pk)
    model_ids = list(m.CatalogueModel.objects.filter(folder_id__in=folder_ids).values_list("pk", flat=True))
    permanently_delete_models(model_ids=model_ids)
    for table in (m.Metadata, m.SemanticLink, m.ReferenceFile, m.ClassifierLink, m.Rule, m.Edit):
        field = "resource_id__in" if table is m.Edit else "catalogue_item_id__in"
        if table is m.Rule:
            m.RuleRepresentation.objects.filter(rule__catalogue_item_id__in=folder_ids).delete()
        table.objects.filter(**{field: folder_ids}).delete()
    m.Annotation.objects.filter(catalogue_item_id__in=folder_ids).update(parent_annotation=None)
    m.Annotation.objects.filter(catalogue_item_id__in=folder_ids).delete()
    # Deepest first is not needed: the parent link cascades inside one statement batch.
    m.Folder.objects.filter(pk__in=folder_ids).delete()
