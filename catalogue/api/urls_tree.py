"""Routes for the tree endpoints (contract §5.7). The whole-model route comes first (`full` is not a container)
and the search route before the item routes (`search` is not a domain type)."""

from django.urls import path

from catalogue.api import views_tree

urlpatterns = [
    path("tree/full/<str:modelDomainType>/<str:modelId>", views_tree.TreeFullModelView.as_view(),
         name="tree-full-model"),
    path("tree/<str:containerDomainType>", views_tree.TreeRootView.as_view(), name="tree-root"),
    path("tree/<str:containerDomainType>/<str:containerId>", views_tree.TreeContainerChildrenView.as_view(),
         name="tree-container-children"),
    path("tree/<str:containerDomainType>/search/<str:searchTerm>", views_tree.TreeSearchView.as_view(),
         name="tree-search"),
    path("tree/<str:containerDomainType>/<str:catalogueItemDomainType>/<str:catalogueItemId>",
         views_tree.TreeItemChildrenView.as_view(), name="tree-item-children"),
    path("tree/<str:containerDomainType>/<str:catalogueItemDomainType>/<str:catalogueItemId>/ancestors",
         views_tree.TreeAncestorsView.as_view(), name="tree-item-ancestors"),
]
