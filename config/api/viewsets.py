"""Base viewsets: what every endpoint shares, written once (config.api imports no app; apps plug in through hooks).

One request runs in the contract's precedence (http-contract §2), each step in one place:

    route (Django URL resolution)                            → 404 (no route) / 404 + Allow (method)
    authentication                                           → 401 (a dead apiKey, an expired session)
    check_route()          hook: a URL segment names nothing → 400 (`{domainType}`) or 404
    permission.has_permission(request, view)                 → 401 (anonymous on a login-only action)
    resolve_parents()      hook: objects named in the URL    → 404 (missing or unreadable)
    permission.has_parent_permission(request, view)          → 403 (collection actions: list, create)
    get_object()           the object named in the URL       → 404 (bad UUID, missing, unreadable)
      permission.has_object_permission(request, view, obj)   → 403 (detail actions: retrieve, update, ...)
    serializer.is_valid()  the body                          → 400 (malformed) → 422 (invalid)
    perform_*()            hook: call one service            → its 403/409/422, else 200/201/204

How to convert an endpoint (see `catalogue/api/views_facets.py`):

    class MetadataViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ApiViewSet):
        queryset = Metadata.objects.all()              # never used as is: restrict_queryset() narrows it
        serializer_class = MetadataSerializer          # input, output and schema (config.api.serializers)
        permission_classes = [CatalogueItemPermission] # the one door for rights (accounts.permissions)
        needed_rights = {"create": WRITE_METADATA, ...}# action → what the permission class asks the policy
        resource = "Metadata"                          # named in 404 bodies
        lookup_url_kwarg = "metadataId"                # the URL kwarg naming one object
        sort_fields = {"key": "key", "lastUpdated": "last_updated"}   # ?sort= names → ORM fields
        default_order = ("namespace", "key")
        operation_ids = {"list": "listMetadata", ...}  # OpenAPI operationId per action

        def resolve_parents(self):                      # readable parents, through the access policy
            return {"target": resolve_item(self.request.user, self.kwargs["ciType"], self.kwargs["ciId"])}

        def restrict_queryset(self, queryset):          # the only narrowing: readable rows of the parents
            return queryset.filter(catalogue_item_id=self.parents["target"].item.pk)

        # optional, for a hot list: the same narrowing as a function of values, compiled once (config.prepared)
        prepared_list = PreparedList(lambda: Metadata.objects.all(), lambda metadata, item: metadata.filter(
            catalogue_item_id=item))

        def list_values(self):
            return {"item": self.parents["target"].item.pk}

        def perform_create(self, serializer):           # one service call; returns the new object
            return services.create_metadata(user=..., **serializer.validated_data)

and route the actions explicitly, keeping URL names and shapes: `path(".../metadata", MetadataViewSet.as_view(
{"get": "list", "post": "create"}), name=...)`. Lists answer `{count, items}` with max/offset/all/sort/order
(config.api.pagination); a create answers 201 with `Location`; updates are partial; a delete answers 204.
"""



from rest_framework import status
from rest_framework.metadata import SimpleMetadata
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.api.pagination import MaxOffsetPagination, apply_sort, page_params, prepared_page, sort_order


class ApiMetadata(SimpleMetadata):
    """`OPTIONS`: what the URL renders and parses; no action runs, so nothing is looked up (no oracle)."""

    def determine_actions(self, request, view):
        return {}


class ApiViewSet(GenericViewSet):
    """The shared steps of every endpoint; subclasses declare data and fill the hooks named below."""

    pagination_class = MaxOffsetPagination
    metadata_class = ApiMetadata
    #: The kind of object, as named in 404 bodies (`{"resource": "Metadata", "id": ...}`).
    resource = None
    #: The URL kwarg naming one object on detail routes.
    lookup_url_kwarg = "pk"
    #: `?sort=` values → ORM fields; anything else is a 400. The primary key always ends the order.
    sort_fields = {}
    #: The order of a list when no `?sort=` is given.
    default_order = ()
    #: action → what the permission classes check for it (their own vocabulary; absent: reading is enough).
    needed_rights = {}
    #: action → OpenAPI operationId (config.api.schema), so ids stay stable whatever the class is called.
    operation_ids = {}
    #: Objects named in the URL, resolved once by `resolve_parents()` before any permission needs them.
    parents = None
    #: A list read through prepared queries (`config.prepared.PreparedList` of `list_values()`), compiled once
    #: instead of on every request; it must narrow as `restrict_queryset` does and load what the serializer reads.
    prepared_list = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A list prepared for one narrowing is wrong for another: a subclass narrowing its own way lists through
        # its queryset unless it declares its own prepared list.
        if "restrict_queryset" in cls.__dict__ and "prepared_list" not in cls.__dict__:
            cls.prepared_list = None

    # - the request's steps -

    def initial(self, request, *args, **kwargs):
        """DRF's `initial()` with the URL check and the parents placed in the contract's precedence."""
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(request)
        request.version, request.versioning_scheme = self.determine_version(request, *args, **kwargs)
        self.perform_authentication(request)
        if self.action is None:
            return  # OPTIONS, or a method the route does not map: answered without looking anything up
        self.check_route()
        self.check_permissions(request)
        self.parents = self.resolve_parents()
        self.check_parent_permissions(request)
        self.check_throttles(request)

    def check_route(self):
        """Hook: refuse a URL whose segments name nothing (unknown `{domainType}` → 400), before any 401."""

    def resolve_parents(self):
        """Hook: `{name: object}` for the objects named in the URL, each through a restricted queryset (404)."""
        return {}

    def check_parent_permissions(self, request):
        """Ask each permission class that knows about parents (403 for list and create actions)."""
        for permission in self.get_permissions():
            check = getattr(permission, "has_parent_permission", None)
            if check is not None and not check(request, self):
                self.permission_denied(request, message=getattr(permission, "message", None))

    @property
    def is_detail(self):
        """True when the URL names one object (the permission classes then judge it in has_object_permission)."""
        return self.lookup_url_kwarg in self.kwargs

    def needed_right(self):
        return self.needed_rights.get(self.action)

    # - objects -

    def restrict_queryset(self, queryset):
        """Hook: the one narrowing of `queryset` to what the caller may reach (policy querysets, parents)."""
        return queryset

    def get_queryset(self):
        serializer_class = self.get_serializer_class()
        queryset = self.restrict_queryset(self.queryset.all())
        query_plan = getattr(serializer_class, "query_plan", None)
        return query_plan(queryset) if query_plan is not None else queryset

    def get_object(self):
        """The object named in the URL, from the restricted queryset: missing, hidden or a bad UUID → 404."""
        pk = parse_uuid(self.kwargs[self.lookup_url_kwarg], self.resource)
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise NotFound(self.resource, pk)
        self.check_object_permissions(self.request, obj)
        return obj

    # - output -

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "parents": self.parents}

    def render(self, obj):
        return self.render_many([obj])[0]

    def render_many(self, objects):
        """JSON for objects, with what the serializer preloads for all of them at once."""
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        preload = getattr(serializer_class, "preload", None)
        if preload is not None and objects:
            context.update(preload(objects, context))
        serializer = serializer_class(context=context)
        return [serializer.to_representation(obj) for obj in objects]

    def list_values(self):
        """Hook: the values `prepared_list` narrows with (the parents' ids)."""
        return {}

    def page_response(self, count, items):
        """`{count, items}` of a page rendered by the view itself."""
        self.paginator.count = count
        return self.paginator.get_paginated_response(items)

    def created(self, obj):
        """201 with the new object and its `Location` (the collection's URL plus the id)."""
        location = self.request.build_absolute_uri(f"{self.request.path}/{obj.pk}")
        return Response(self.render(obj), status=status.HTTP_201_CREATED, headers={"Location": location})

    # - input -

    def valid_data(self, instance=None):
        """The request body checked by the serializer (config.api.serializers: 400 → 422); partial for updates."""
        serializer = self.get_serializer(instance, data=self.request.data, partial=instance is not None)
        serializer.is_valid(raise_exception=True)
        return serializer


class ListMixin:
    """`GET` on a collection: `{count, items}`, sorted by `sort_fields`/`default_order`, paged by max/offset."""

    def list(self, request, *args, **kwargs):
        if self.prepared_list is not None and self.paginator is not None:
            ordering = sort_order(request, self.sort_fields, self.default_order)
            offset, limit = page_params(request)
            count, page = prepared_page(self.prepared_list.for_user(request.user), ordering, offset, limit,
                                        self.list_values())
            return self.page_response(count, self.render_many(page))
        queryset = apply_sort(request, self.filter_queryset(self.get_queryset()), self.sort_fields,
                              self.default_order)
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.render_many(list(queryset)))
        return self.get_paginated_response(self.render_many(page))


class CreateMixin:
    """`POST` on a collection: validate, `perform_create(serializer)` → the new object, 201 with `Location`."""

    def create(self, request, *args, **kwargs):
        return self.created(self.perform_create(self.valid_data()))

    def perform_create(self, serializer):
        raise NotImplementedError


class RetrieveMixin:
    def retrieve(self, request, *args, **kwargs):
        return Response(self.render(self.get_object()))


class UpdateMixin:
    """`PUT` on one object, always partial: `perform_update(serializer)` → the updated object, 200."""

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        return Response(self.render(self.perform_update(self.valid_data(obj))))

    def perform_update(self, serializer):
        raise NotImplementedError


class DestroyMixin:
    """`DELETE` on one object: `perform_destroy(obj)`, 204 with no body."""

    def destroy(self, request, *args, **kwargs):
        self.perform_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, obj):
        raise NotImplementedError
