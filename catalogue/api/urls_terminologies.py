"""Routes for terminologies and code sets (as whole models, as data models have them) and their content: terms,
the term tree, term relationship types and relationships, and the terms a code set chooses."""

from django.urls import path

from catalogue.api import views_terminologies as views

TE = "terminologies/<str:terminologyId>"
LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}
MODEL_DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}


def _model_routes(collection, name, viewset, folder_viewset):
    """The data models' routes for another kind, the model named by the kind's own id (`terminologyId`, ...)."""
    model = f"<str:{viewset.lookup_url_kwarg}>"
    return [
        path(f"folders/<str:folder_id>/{collection}", folder_viewset.as_view(LIST), name=f"folder-{name}s"),
        path(f"folders/<str:folder_id>/{collection}/{model}", folder_viewset.as_view({"put": "move"}),
             name=f"folder-{name}-move"),
        path(collection, viewset.as_view({"get": "list", "delete": "destroy_many"}), name=f"{name}s"),
        path(f"{collection}/{model}", viewset.as_view(MODEL_DETAIL), name=name),
        path(f"{collection}/{model}/folder/<str:folder_id>", viewset.as_view({"put": "move"}),
             name=f"{name}-folder"),
        path(f"admin/{collection}/{model}/undoSoftDelete", viewset.as_view({"put": "undo_soft_delete"}),
             name=f"{name}-undo-soft-delete"),
    ]


urlpatterns = [
    *_model_routes("terminologies", "terminology", views.TerminologyViewSet, views.FolderTerminologyViewSet),
    *_model_routes("codeSets", "code-set", views.CodeSetViewSet, views.FolderCodeSetViewSet),
    # Terms: the tree first, so `tree` is never read as a term id.
    path(f"{TE}/terms", views.TermViewSet.as_view(LIST), name="terms"),
    path(f"{TE}/terms/tree", views.TermTreeViewSet.as_view({"get": "tree"}), name="term-tree"),
    path(f"{TE}/terms/tree/<str:termId>", views.TermTreeViewSet.as_view({"get": "subtree"}), name="term-subtree"),
    path(f"{TE}/terms/<str:termId>", views.TermViewSet.as_view(DETAIL), name="term"),
    path(f"{TE}/terms/<str:termId>/codeSets", views.TermCodeSetsViewSet.as_view({"get": "list"}),
         name="term-code-sets"),
    path(f"{TE}/terms/<str:termId>/termRelationships", views.TermRelationshipViewSet.as_view(LIST),
         name="term-relationships"),
    path(f"{TE}/terms/<str:termId>/termRelationships/<str:termRelationshipId>",
         views.TermRelationshipViewSet.as_view(DETAIL), name="term-relationship"),
    # Relationship types, and the relationships of one type (read only).
    path(f"{TE}/termRelationshipTypes", views.TermRelationshipTypeViewSet.as_view(LIST),
         name="term-relationship-types"),
    path(f"{TE}/termRelationshipTypes/<str:termRelationshipTypeId>",
         views.TermRelationshipTypeViewSet.as_view(DETAIL), name="term-relationship-type"),
    path(f"{TE}/termRelationshipTypes/<str:termRelationshipTypeId>/termRelationships",
         views.TypeTermRelationshipViewSet.as_view({"get": "list"}), name="type-term-relationships"),
    path(f"{TE}/termRelationshipTypes/<str:termRelationshipTypeId>/termRelationships/<str:termRelationshipId>",
         views.TypeTermRelationshipViewSet.as_view({"get": "retrieve"}), name="type-term-relationship"),
    # The terms of a code set.
    path("codeSets/<str:codeSetId>/terms", views.CodeSetTermViewSet.as_view({"get": "list"}), name="code-set-terms"),
    path("codeSets/<str:codeSetId>/terms/<str:termId>",
         views.CodeSetTermViewSet.as_view({"put": "add_term", "delete": "remove_term"}), name="code-set-term"),
]
