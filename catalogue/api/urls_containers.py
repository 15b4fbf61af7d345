"""Routes for folders, classifiers and authorities."""

from django.urls import path

from catalogue.api import views_containers as views

COLLECTION = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}

urlpatterns = [
    path("folders", views.FolderViewSet.as_view(COLLECTION), name="folders"),
    path("folders/<str:folder_id>", views.FolderViewSet.as_view(DETAIL), name="folder"),
    path("folders/<str:folder_id>/folders", views.ChildFolderViewSet.as_view(COLLECTION), name="folder-folders"),
    path("folders/<str:folder_id>/folders/<str:child_id>", views.ChildFolderViewSet.as_view(DETAIL),
         name="folder-folder"),
    path("folders/<str:folder_id>/folder/<str:destination_id>", views.FolderViewSet.as_view({"put": "move"}),
         name="folder-move"),
    path("classifiers", views.ClassifierViewSet.as_view(COLLECTION), name="classifiers"),
    path("classifiers/<str:classifier_id>", views.ClassifierViewSet.as_view(DETAIL), name="classifier"),
    path("classifiers/<str:classifier_id>/classifiers", views.ChildClassifierViewSet.as_view(COLLECTION),
         name="classifier-classifiers"),
    path("classifiers/<str:classifier_id>/classifiers/<str:child_id>", views.ChildClassifierViewSet.as_view(DETAIL),
         name="classifier-classifier"),
    path("classifiers/<str:classifier_id>/catalogueItems", views.ClassifierViewSet.as_view({"get": "catalogue_items"}),
         name="classifier-catalogue-items"),
    path("authorities", views.AuthorityViewSet.as_view(COLLECTION), name="authorities"),
    path("authorities/<str:authority_id>", views.AuthorityViewSet.as_view(DETAIL), name="authority"),
]
