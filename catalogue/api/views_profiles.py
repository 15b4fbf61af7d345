"""Profile endpoints: the provider registry under `/api/profiles/`, the profiles of any catalogue item under
`/api/{ciType}/{ciId}/profiles|profile/...`, and many profiles of a model's items at once (`getMany`, `saveMany`,
`validateMany`).

The steps are the facets' (views_facets.ItemFacetViewSet): an unknown `{ciType}` is a 400, an anonymous write a
401, an unreadable item a 404, then the provider the URL names among those that apply to the item (404
`ProfileProviderService`), then the right (403: the metadata right, or for a profile editable after finalisation
the same role on a finalised model too), then the body (400/422) and one service call. Reading a profile, listing
used and unused profiles and validating need only read access to the item.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts import access
from accounts.permissions import LoggedInPermission
from catalogue import models as m
from catalogue.api import serializers_facets as facet_serializers
from catalogue.api import serializers_profiles as s
from catalogue.api.common import is_true
from catalogue.api.views_facets import ItemFacetViewSet
from catalogue.selectors import profiles
from catalogue.services import profiles as profile_services
from config.api.errors import BadRequest, NotFound, Unprocessable
from config.api.viewsets import ApiViewSet, ListMixin

LATEST_PARAMETER = OpenApiParameter(
    "latestVersionByMetadataNamespace", bool, required=False,
    description="Only the newest version of each provider (per namespace, name and metadata namespace)")
PROFILE_INVALID = OpenApiResponse(s.ProfileInvalidSchema, description="The profile's values break its rules.")
PROFILES_INVALID = OpenApiResponse(s.ProfilesInvalidSchema, description="Some profile's values break its rules.")


def provider_named(providers, kwargs):
    """The provider the URL names (`{profileNamespace}/{profileName}[/{profileVersion}]`) among `providers`."""
    namespace, name, version = kwargs["profileNamespace"], kwargs["profileName"], kwargs.get("profileVersion")
    provider = profiles.find_provider(providers, namespace, name, version)
    if provider is None:
        identifier = f"{namespace}:{name}" + (f":{version}" if version else "")
        raise NotFound("ProfileProviderService", identifier)
    return provider


def invalid_profile(errors):
    """The 422 of a profile whose values break its rules, with Mauro's `{total, errors, fieldTotal}`."""
    error = Unprocessable(errors, error_code="PRF01")
    error.extra["fieldTotal"] = profiles.field_total(errors)
    return error


# --- the registry ---------------------------------------------------------------------------------------------

class ProfileProvidersViewSet(ApiViewSet):
    """The profile providers (bare arrays, as Mauro answers them); dynamic ones only from readable models."""

    permission_classes = [LoggedInPermission]
    pagination_class = None
    serializer_class = s.ProfileProviderSerializer
    resource = "ProfileProviderService"
    operation_ids = {"providers": "listProfileProviders", "dynamic": "listDynamicProfileProviders",
                     "provider": "showProfileProvider", "definition": "showProfileDefinition"}

    def get_serializer_class(self):
        return s.ProfileSerializer if self.action == "definition" else s.ProfileProviderSerializer

    @extend_schema(parameters=[LATEST_PARAMETER], responses=s.ProfileProviderSerializer(many=True))
    def providers(self, request, *args, **kwargs):
        latest = is_true(request.query_params.get("latestVersionByMetadataNamespace"))
        return Response(self.render_many(profiles.all_providers(request.user, latest_only=latest)))

    @extend_schema(responses=s.ProfileProviderSerializer(many=True))
    def dynamic(self, request, *args, **kwargs):
        return Response(self.render_many(profiles.dynamic_providers(request.user)))

    @extend_schema(responses=s.ProfileProviderSerializer)
    def provider(self, request, *args, **kwargs):
        return Response(self.render(provider_named(profiles.all_providers(request.user), kwargs)))

    @extend_schema(responses=s.ProfileSerializer, summary="The profile's fields, as a new profile shows them")
    def definition(self, request, *args, **kwargs):
        provider = provider_named(profiles.all_providers(request.user, latest_only=True), kwargs)
        return Response(self.render(profiles.empty_profile(provider)))


class VersionedProfileProviderViewSet(ProfileProvidersViewSet):
    operation_ids = {"provider": "showProfileProviderVersion"}


# --- profiles of one item -------------------------------------------------------------------------------------

class ItemProfileUsageViewSet(ItemFacetViewSet):
    """The providers that apply to the item, with (`used`) or without (`unused`) values stored on it."""

    pagination_class = None
    serializer_class = s.ProfileProviderSerializer
    resource = "ProfileProviderService"
    operation_ids = {"used": "listUsedProfiles", "unused": "listUnusedProfiles"}

    def _listing(self, request, *, used, latest_default):
        latest = request.query_params.get("latestVersionByMetadataNamespace")
        latest_only = latest_default if latest in (None, "") else is_true(latest)
        found = profiles.used_and_unused(request.user, self.target.item, latest_only=latest_only)
        return Response(self.render_many(found[0] if used else found[1]))

    @extend_schema(parameters=[LATEST_PARAMETER], responses=s.ProfileProviderSerializer(many=True))
    def used(self, request, *args, **kwargs):
        return self._listing(request, used=True, latest_default=False)

    @extend_schema(parameters=[LATEST_PARAMETER], responses=s.ProfileProviderSerializer(many=True))
    def unused(self, request, *args, **kwargs):
        return self._listing(request, used=False, latest_default=True)


class OtherMetadataViewSet(ListMixin, ItemFacetViewSet):
    """The item's metadata outside the profiles it uses, paged and sorted like its metadata; `ns`, `key` and
    `value` keep rows containing that text (case-insensitively)."""

    queryset = m.Metadata.objects.all()
    serializer_class = facet_serializers.MetadataSerializer
    resource = "Metadata"
    sort_fields = {"namespace": "namespace", "key": "key", "value": "value", "lastUpdated": "last_updated"}
    default_order = ("namespace", "key")
    operation_ids = {"list": "listOtherMetadata"}
    FILTERS = {"ns": "namespace__icontains", "key": "key__icontains", "value": "value__icontains"}

    def restrict_queryset(self, queryset):
        return profiles.other_metadata(self.user, self.target.item)

    def filter_queryset(self, queryset):
        for parameter, lookup in self.FILTERS.items():
            text = self.request.query_params.get(parameter)
            if text:
                queryset = queryset.filter(**{lookup: text})
        return queryset

    @extend_schema(parameters=[OpenApiParameter(name, str, required=False) for name in FILTERS])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class ItemProfileViewSet(ItemFacetViewSet):
    """One profile of the item: show, save, validate, delete."""

    serializer_class = s.ProfileSerializer
    resource = "Profile"
    #: Never in the URL: rights are judged on the item and the provider, before the body is read.
    lookup_url_kwarg = "profileId"
    needed_rights = {"save": access.WRITE_METADATA, "destroy": access.WRITE_METADATA}
    operation_ids = {"show": "showProfile", "save": "saveProfile", "validate": "validateProfile",
                     "destroy": "deleteProfile"}

    def get_serializer_class(self):
        return s.ProfileInputSerializer if self.action in ("save", "validate") else s.ProfileSerializer

    def resolve_parents(self):
        parents = super().resolve_parents()
        parents["provider"] = provider_named(profiles.providers_for_item(self.user, parents["target"].item),
                                             self.kwargs)
        return parents

    def needed_right(self):
        provider = (self.parents or {}).get("provider")
        if self.action == "save" and provider is not None:
            return profile_services.right_to_save(provider)
        return super().needed_right()

    @property
    def provider(self):
        return self.parents["provider"]

    def render_profile(self, profile):
        return s.ProfileSerializer(context=self.get_serializer_context()).to_representation(profile)

    @extend_schema(responses=s.ProfileSerializer)
    def show(self, request, *args, **kwargs):
        return Response(self.render_profile(profiles.profile_of(self.provider, self.target.item)))

    @extend_schema(request=s.ProfileInputSerializer, responses=s.ProfileSerializer)
    def save(self, request, *args, **kwargs):
        body = self.valid_data().validated_data
        profile = profile_services.store_profile(user=self.user, item=self.target.item, provider=self.provider,
                                                 sections=body["sections"])
        return Response(self.render_profile(profile))

    @extend_schema(request=s.ProfileInputSerializer, responses={200: s.ProfileSerializer, 422: PROFILE_INVALID})
    def validate(self, request, *args, **kwargs):
        body = self.valid_data().validated_data
        profile = profiles.validate(profiles.submitted_profile(self.provider, self.target.item, body["sections"]))
        if profile.errors:
            raise invalid_profile(profile.errors)
        return Response(self.render_profile(profile))

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        profile_services.delete_profile(user=self.user, item=self.target.item, provider=self.provider)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionedItemProfileViewSet(ItemProfileViewSet):
    """One version of a profile of the item (the same actions, with the provider's version named)."""

    operation_ids = {"show": "showProfileVersion", "save": "saveProfileVersion",
                     "validate": "validateProfileVersion", "destroy": "deleteProfileVersion"}


class NonProfileMetadataViewSet(OtherMetadataViewSet):
    """The same list under Mauro's other name for it."""

    operation_ids = {"list": "listNonProfileMetadata"}


# --- many profiles of a model's items -------------------------------------------------------------------------

class ModelProfilesViewSet(ItemFacetViewSet):
    """Profiles of many items of the model the URL names. Items named in the body that are not the model's own
    (the model itself, other models' items, unknown ones) are left out, as are, when saving, profiles the caller
    may not save (by each provider's rule); the route itself needs the metadata role on the model."""

    resource = "Profile"
    lookup_url_kwarg = "profileId"
    needed_rights = {"save_many": access.WRITE_METADATA_AFTER_FINALISATION}
    operation_ids = {"get_many": "getManyProfiles", "save_many": "saveManyProfiles",
                     "validate_many": "validateManyProfiles"}

    def get_serializer_class(self):
        if self.action == "get_many":
            return s.ItemsProfilesInputSerializer
        if self.action in ("save_many", "validate_many"):
            return s.ProfileProvidedCollectionInputSerializer
        return s.ProfileProvidedSerializer

    def resolve_parents(self):
        parents = super().resolve_parents()
        if not isinstance(parents["target"].item, m.CatalogueModel):
            raise BadRequest("Cannot use this endpoint on a item which is not a Model", error_code="PC01")
        return parents

    @property
    def model(self):
        return self.target.item

    def render_provided(self, found):
        serializer_class = s.ProfileProvidedSerializer
        context = {**self.get_serializer_context(), **serializer_class.preload(found, {})}
        serializer = serializer_class(context=context)
        return [serializer.to_representation(profile) for profile in found]

    def answer(self, found):
        return Response({"count": len(found), "profilesProvided": self.render_provided(found)})

    @extend_schema(request=s.ItemsProfilesInputSerializer, responses=s.ProfileProvidedListSchema)
    def get_many(self, request, *args, **kwargs):
        body = self.valid_data().validated_data
        references = [(entry["multiFacetAwareItemDomainType"], entry["multiFacetAwareItemId"])
                      for entry in body["multiFacetAwareItems"]]
        items = profiles.model_items(self.model, references)
        providers = profiles.all_providers(self.user, latest_only=True)
        named = [profiles.find_provider(providers, p["namespace"], p["name"], p.get("version"))
                 for p in body["profileProviderServices"]]
        pairs = [(provider, items[reference]) for reference in references if reference in items
                 for provider in named if provider is not None]
        return self.answer(profiles.profiles_of(pairs))

    def submitted(self, body):
        """(provider, item, sections) for each submitted profile naming a known provider and an item of the model."""
        providers = profiles.all_providers(self.user, latest_only=True)
        entries = [(profiles.find_provider(providers, e["profileProviderService"]["namespace"],
                                           e["profileProviderService"]["name"],
                                           e["profileProviderService"].get("version")),
                    (e["profile"]["domainType"], e["profile"]["id"]), e["profile"]["sections"])
                   for e in body["profilesProvided"]]
        items = profiles.model_items(self.model, [reference for _, reference, _ in entries])
        return [(provider, items[reference], sections) for provider, reference, sections in entries
                if provider is not None and reference in items]

    @extend_schema(request=s.ProfileProvidedCollectionInputSerializer, responses=s.ProfileProvidedListSchema)
    def save_many(self, request, *args, **kwargs):
        entries = self.submitted(self.valid_data().validated_data)
        return self.answer(profile_services.save_many(user=self.user, model=self.model, entries=entries))

    @extend_schema(request=s.ProfileProvidedCollectionInputSerializer,
                   responses={200: s.ProfileProvidedListSchema, 422: PROFILES_INVALID})
    def validate_many(self, request, *args, **kwargs):
        entries = self.submitted(self.valid_data().validated_data)
        found = [profiles.validate(profiles.submitted_profile(provider, item, sections))
                 for provider, item, sections in entries]
        errors = [error for profile in found for error in profile.errors]
        if errors:
            invalid = sum(1 for profile in found if profile.errors)
            raise Unprocessable(errors, message=f"{invalid} of {len(found)} profiles have invalid values",
                                error_code="PRF02",
                                extra={"count": len(found), "profilesProvided": self.render_provided(found)})
        return self.answer(found)
