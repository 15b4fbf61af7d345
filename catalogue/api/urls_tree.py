"""Routes for the tree endpoints (contract §5.7). The whole-model route comes first (`full` is not a container),
the search route before the item routes (`search` is not a domain type), and a container's ancestors before
them too."""

from django.urls import path

from catalogue.api.views_tree import TreeViewSet

urlpatterns = [
    path("tree/full/<str:modelDomainType>/<str:modelId>", TreeViewSet.as_view({"get": "full_model"}),
         name="tree-full-model"),
    path("tree/<str:containerDomainType>", TreeViewSet.as_view({"get": "root"}), name="tree-root"),
    path("tree/<str:containerDomainType>/<str:containerId>", TreeViewSet.as_view({"get": "container_children"}),
         name="tree-container-children"),
    path("tree/<str:containerDomainType>/search/<str:searchTerm>", TreeViewSet.as_view({"get": "search"}),
         name="tree-search"),
    # Before the item routes: `{containerId}/ancestors` would read as a domain type and an id.
    path("tree/<str:containerDomainType>/<str:containerId>/ancestors",
         TreeViewSet.as_view({"get": "container_ancestors"}), name="tree-container-ancestors"),
    path("tree/<str:containerDomainType>/<str:catalogueItemDomainType>/<str:catalogueItemId>",
         TreeViewSet.as_view({"get": "item_children"}), name="tree-item-children"),
    path("tree/<str:containerDomainType>/<str:catalogueItemDomainType>/<str:catalogueItemId>/ancestors",
         TreeViewSet.as_view({"get": "ancestors"}), name="tree-item-ancestors"),
]
