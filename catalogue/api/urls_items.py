"""Routes for the model items of data models: data classes, data elements, data types, enumeration values.

The copy routes (`…/dataClasses/{otherDataModelId}/{otherDataClassId}` and the like) share their shape
with named sub-routes (`…/dataClasses/{id}/dataClasses`), so their ids must look like UUIDs; a URL
that matches neither falls through to the other areas' routes and finally to the JSON 404.
"""

from django.urls import path, re_path

from catalogue.api import views_items as views

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
DM = "dataModels/<str:dm>"
LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}
COPY = {"post": "copy"}
EXTEND = {"put": "extend", "delete": "remove_extension"}

urlpatterns = [
    # Data classes
    path(f"{DM}/dataClasses", views.DataClassViewSet.as_view(LIST), name="data-classes"),
    path(f"{DM}/allDataClasses", views.AllDataClassesViewSet.as_view({"get": "list"}), name="all-data-classes"),
    path(f"{DM}/dataClasses/<str:dc>/dataClasses", views.ChildDataClassViewSet.as_view(LIST),
         name="child-data-classes"),
    path(f"{DM}/dataClasses/<str:dc>/content", views.DataClassContentViewSet.as_view({"get": "list"}),
         name="data-class-content"),
    path(f"{DM}/dataClasses/<str:dc>/dataElements", views.DataElementViewSet.as_view(LIST), name="data-elements"),
    re_path(rf"^dataModels/(?P<dm>[^/]+)/dataClasses/(?P<dc>[^/]+)/dataClasses/(?P<other_dm>{UUID})/"
            rf"(?P<other_dc>{UUID})$", views.ChildDataClassViewSet.as_view(COPY), name="child-data-class-copy"),
    re_path(rf"^dataModels/(?P<dm>[^/]+)/dataClasses/(?P<dc>[^/]+)/dataElements/(?P<other_dm>{UUID})/"
            rf"(?P<other_dc>{UUID})/(?P<de>{UUID})$", views.DataElementViewSet.as_view(COPY), name="data-element-copy"),
    re_path(rf"^dataModels/(?P<dm>[^/]+)/dataClasses/(?P<dc>[^/]+)/extends/(?P<other_dm>{UUID})/"
            rf"(?P<other_dc>{UUID})$", views.DataClassExtensionViewSet.as_view(EXTEND), name="data-class-extend"),
    path(f"{DM}/dataClasses/<str:dc>/dataClasses/<str:pk>", views.ChildDataClassViewSet.as_view(DETAIL),
         name="child-data-class"),
    path(f"{DM}/dataClasses/<str:dc>/dataElements/<str:pk>", views.DataElementViewSet.as_view(DETAIL),
         name="data-element"),
    re_path(rf"^dataModels/(?P<dm>[^/]+)/dataClasses/(?P<other_dm>{UUID})/(?P<other_dc>{UUID})$",
            views.DataClassViewSet.as_view(COPY), name="data-class-copy"),
    path(f"{DM}/dataClasses/<str:pk>", views.DataClassViewSet.as_view(DETAIL), name="data-class"),
    # Data elements of a whole model
    path(f"{DM}/dataElements", views.ModelDataElementsViewSet.as_view({"get": "list"}), name="model-data-elements"),
    # Data types and enumeration values
    path(f"{DM}/dataTypes", views.DataTypeViewSet.as_view(LIST), name="data-types"),
    path(f"{DM}/dataTypes/<str:dt>/dataElements", views.TypeDataElementsViewSet.as_view({"get": "list"}),
         name="data-type-elements"),
    path(f"{DM}/dataTypes/<str:dt>/enumerationValues", views.EnumerationValueViewSet.as_view(LIST),
         name="data-type-enumeration-values"),
    path(f"{DM}/dataTypes/<str:dt>/enumerationValues/<str:pk>", views.EnumerationValueViewSet.as_view(DETAIL),
         name="data-type-enumeration-value"),
    re_path(rf"^dataModels/(?P<dm>[^/]+)/dataTypes/(?P<other_dm>{UUID})/(?P<dt>{UUID})$",
            views.DataTypeViewSet.as_view(COPY), name="data-type-copy"),
    path(f"{DM}/dataTypes/<str:pk>", views.DataTypeViewSet.as_view(DETAIL), name="data-type"),
    path(f"{DM}/enumerationTypes/<str:dt>/enumerationValues", views.EnumerationTypeValueViewSet.as_view(LIST),
         name="enumeration-type-values"),
    path(f"{DM}/enumerationTypes/<str:dt>/enumerationValues/<str:pk>",
         views.EnumerationTypeValueViewSet.as_view(DETAIL), name="enumeration-type-value"),
]
