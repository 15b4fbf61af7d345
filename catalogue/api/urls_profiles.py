"""Routes for profiles: the provider registry (`/api/profiles/...`), one item's profiles
(`/api/{ciType}/{ciId}/profiles/...`, `/api/{ciType}/{ciId}/profile/{namespace}/{name}[/{version}]`) and many
profiles of a model's items (`/api/{modelType}/{modelId}/profile/getMany|saveMany|validateMany`)."""

from django.urls import path

from catalogue.api import views_profiles as v

ITEM = "<str:ciType>/<str:ciId>"
PROVIDER = "<str:profileNamespace>/<str:profileName>"
PROFILE = {"get": "show", "post": "save", "delete": "destroy"}

urlpatterns = [
    # The registry's literal segments first: `providers/dynamic` is not a provider called `dynamic`.
    path("profiles/providers", v.ProfileProvidersViewSet.as_view({"get": "providers"}), name="profile-providers"),
    path("profiles/providers/dynamic", v.ProfileProvidersViewSet.as_view({"get": "dynamic"}),
         name="profile-providers-dynamic"),
    path(f"profiles/providers/{PROVIDER}", v.ProfileProvidersViewSet.as_view({"get": "provider"}),
         name="profile-provider"),
    path(f"profiles/providers/{PROVIDER}/<str:profileVersion>", v.VersionedProfileProviderViewSet.as_view(
        {"get": "provider"}), name="profile-provider-version"),
    path(f"profiles/{PROVIDER}", v.ProfileProvidersViewSet.as_view({"get": "definition"}), name="profile-definition"),

    path(f"{ITEM}/profiles/used", v.ItemProfileUsageViewSet.as_view({"get": "used"}), name="item-profiles-used"),
    path(f"{ITEM}/profiles/unused", v.ItemProfileUsageViewSet.as_view({"get": "unused"}),
         name="item-profiles-unused"),
    path(f"{ITEM}/profiles/otherMetadata", v.OtherMetadataViewSet.as_view({"get": "list"}),
         name="item-profiles-other-metadata"),
    path(f"{ITEM}/profiles/nonProfileMetadata", v.NonProfileMetadataViewSet.as_view({"get": "list"}),
         name="item-profiles-non-profile-metadata"),

    path(f"{ITEM}/profile/getMany", v.ModelProfilesViewSet.as_view({"post": "get_many"}), name="model-profiles-get"),
    path(f"{ITEM}/profile/saveMany", v.ModelProfilesViewSet.as_view({"post": "save_many"}),
         name="model-profiles-save"),
    path(f"{ITEM}/profile/validateMany", v.ModelProfilesViewSet.as_view({"post": "validate_many"}),
         name="model-profiles-validate"),

    # `validate` before the versioned profile, so `.../{name}/validate` is never read as a version.
    path(f"{ITEM}/profile/{PROVIDER}/validate", v.ItemProfileViewSet.as_view({"post": "validate"}),
         name="item-profile-validate"),
    path(f"{ITEM}/profile/{PROVIDER}/<str:profileVersion>/validate",
         v.VersionedItemProfileViewSet.as_view({"post": "validate"}), name="item-profile-version-validate"),
    path(f"{ITEM}/profile/{PROVIDER}", v.ItemProfileViewSet.as_view(PROFILE), name="item-profile"),
    path(f"{ITEM}/profile/{PROVIDER}/<str:profileVersion>", v.VersionedItemProfileViewSet.as_view(PROFILE),
         name="item-profile-version"),
]
