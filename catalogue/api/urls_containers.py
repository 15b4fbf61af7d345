"""Routes for folders, classifiers and authorities."""

from django.urls import path

from catalogue.api import views_containers as views

urlpatterns = [
    path("folders", views.FolderListView.as_view(), name="folders"),
    path("folders/<str:folder_id>", views.FolderDetailView.as_view(), name="folder"),
    path("folders/<str:folder_id>/folders", views.FolderChildrenView.as_view(), name="folder-folders"),
    path("folders/<str:folder_id>/folders/<str:child_id>", views.ChildFolderDetailView.as_view(),
         name="folder-folder"),
    path("folders/<str:folder_id>/folder/<str:destination_id>", views.FolderMoveView.as_view(), name="folder-move"),
    path("classifiers", views.ClassifierListView.as_view(), name="classifiers"),
    path("classifiers/<str:classifier_id>", views.ClassifierDetailView.as_view(), name="classifier"),
    path("classifiers/<str:classifier_id>/classifiers", views.ClassifierChildrenView.as_view(),
         name="classifier-classifiers"),
    path("classifiers/<str:classifier_id>/classifiers/<str:child_id>", views.ChildClassifierDetailView.as_view(),
         name="classifier-classifier"),
    path("classifiers/<str:classifier_id>/catalogueItems", views.ClassifierCatalogueItemsView.as_view(),
         name="classifier-catalogue-items"),
    path("authorities", views.AuthorityListView.as_view(), name="authorities"),
    path("authorities/<str:authority_id>", views.AuthorityDetailView.as_view(), name="authority"),
]
