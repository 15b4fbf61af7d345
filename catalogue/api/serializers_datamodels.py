"""Data models in Mauro's shapes: one serializer family for the request bodies, the answers (index and show) and
the OpenAPI schema, importable by every area that shows a model.

`DataModelSerializer` is the index shape (lists), `DataModelShowSerializer` the show shape and the body of a
create or update. A page renders with a fixed number of queries: `preload()` loads the readable classifiers of
the whole page and their paths at once; select `folder` and `authority` with the models (`Meta.select_related`,
the `readable_data_models` selector) so roles and authorities cost no query. `data_model_json` and
`data_models_json` render the same shapes for areas that are not viewsets (paths, grants, import).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from accounts.access import model_actions
from catalogue import models as m
from catalogue.api.serializers_items import ClassifierRefSerializer
from catalogue.selectors.containers import classifier_paths
from catalogue.selectors.datamodels import classifiers_by_item
from catalogue.selectors.paths import model_path_segment
from catalogue.services.datamodels import MODEL_TYPES
from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.api.serializers import (
    IdField,
    MauroDateTimeField,
    MauroMessages,
    OptionalTextField,
    ResourceSerializer,
    StrictBooleanField,
    StrictCharField,
    mauro_datetime,
)

DATA_MODEL = "DataModel"
#: Short texts of a model (author, organisation): longer values are a 422.
SHORT_TEXT = m.CatalogueModel._meta.get_field("author").max_length


def _user(context):
    """The caller whose roles and readable classifiers the answer shows."""
    return context["user"] if "user" in context else context["request"].user


# --- fields ---------------------------------------------------------------------------------------------------

class LabelField(StrictCharField):
    """A model's label: missing or null on create is a 400; null on an update is a rule broken (422), as a label
    can never be cleared. Blank and the label rules are checked by the service (422)."""

    def validate_empty_values(self, data):
        if data is None and getattr(self.root, "partial", False):
            raise ValidationError(self.error_messages["null"], code="invalid")
        return super().validate_empty_values(data)


@extend_schema_field({"type": "string", "enum": MODEL_TYPES, "nullable": True})
class ModelTypeField(MauroMessages, serializers.Field):
    """`type`: a string, checked against Mauro's model types by the service (422); null on create means the
    default (Data Standard). Shown as null when the model has none."""

    expected = "a string"

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.wrong_type()
        return data

    def to_representation(self, value):
        return value or None


class AliasesField(MauroMessages, serializers.ListField):
    """`aliases`: a list of strings (null clears them); the service refuses blank ones and `|` (422)."""

    mauro_codes = ("required", "null", "not_a_list")
    mauro_messages = {**MauroMessages.mauro_messages, "not_a_list": "{prop} must be a list of strings"}

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(allow_blank=True), required=False, allow_null=True, **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return True, []
        return super().validate_empty_values(data)

    def run_child_validation(self, data):
        """Errors of the items are the field's own (`field: aliases`, as Mauro names them), not per index."""
        try:
            return super().run_child_validation(data)
        except ValidationError as error:
            raise ValidationError([detail for details in error.detail.values() for detail in details])


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}, "minItems": 1})
class ModelIdsField(MauroMessages, serializers.Field):
    """A non-empty list of model ids, without repeats; an id that is no UUID is a 422 naming it."""

    mauro_codes = ("required", "null", "not_a_list", "invalid_id")
    mauro_messages = {**MauroMessages.mauro_messages, "not_a_list": "{prop} must be a non-empty list of ids",
                      "invalid_id": "{prop} with value [{{value}}] is not a valid id"}

    def to_internal_value(self, data):
        if not isinstance(data, list) or not data:
            self.fail("not_a_list")
        ids = []
        for value in data:
            try:
                ids.append(parse_uuid(value, DATA_MODEL))
            except NotFound:
                self.fail("invalid_id", value=value)
        return list(dict.fromkeys(ids))


# --- data models ----------------------------------------------------------------------------------------------

class ModelAuthoritySerializer(ResourceSerializer):
    """The authority a model belongs to, as a model shows it."""

    id = IdField()
    url = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    defaultAuthority = serializers.BooleanField(source="default_authority", read_only=True)


class DataModelSerializer(ResourceSerializer):
    """A data model as lists show it (Mauro's index shape); the keys it leaves out when empty are in `omit_empty`."""

    id = IdField()
    domainType = serializers.CharField(source="model_domain_type", read_only=True)
    label = LabelField()
    path = serializers.SerializerMethodField()
    type = ModelTypeField(source="model_type")
    branchName = serializers.CharField(source="branch_name", read_only=True)
    documentationVersion = serializers.CharField(source="documentation_version", read_only=True)
    modelVersion = serializers.CharField(source="model_version", read_only=True)
    modelVersionTag = serializers.CharField(source="model_version_tag", read_only=True)
    classifiers = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()
    author = OptionalTextField(max_length=SHORT_TEXT)
    organisation = OptionalTextField(max_length=SHORT_TEXT)
    description = OptionalTextField()
    aliases = AliasesField()

    class Meta:
        resource = DATA_MODEL
        omit_empty = ("modelVersion", "modelVersionTag", "classifiers", "deleted", "author", "organisation",
                      "description", "aliases")
        select_related = ("folder", "authority")

    def get_path(self, model) -> str:
        return model_path_segment(model)

    @extend_schema_field(ClassifierRefSerializer(many=True))
    def get_classifiers(self, model):
        if "classifiers" not in self.context:
            self.context.update(self.preload([model], self.context))
        paths = self.context["classifier_paths"]
        return [{"id": str(c.pk), "label": c.label, "lastUpdated": mauro_datetime(c.last_updated),
                 "domainType": "Classifier", "path": paths.get(c.pk)}
                for c in self.context["classifiers"].get(model.pk, ())]

    def get_deleted(self, model) -> bool:
        """Shown only when true."""
        return True if model.deleted else None

    @classmethod
    def preload(cls, objects, context):
        """The readable classifiers of every model of the page (one query) and their paths (one per depth)."""
        grouped = classifiers_by_item([x.pk for x in objects], user=_user(context))
        classifiers = {c.pk: c for group in grouped.values() for c in group}
        return {"classifiers": grouped,
                "classifier_paths": classifier_paths(list(classifiers.values())) if classifiers else {}}


class DataModelShowSerializer(DataModelSerializer):
    """One data model: the index shape plus the caller's actions, state, public flags and authority. Also the
    body of a create (label required) and of an update (partial)."""

    availableActions = serializers.SerializerMethodField()
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    finalised = serializers.BooleanField(read_only=True)
    readableByEveryone = StrictBooleanField(source="readable_by_everyone", required=False)
    readableByAuthenticatedUsers = StrictBooleanField(source="readable_by_authenticated_users", required=False)
    dateFinalised = serializers.SerializerMethodField()
    authority = ModelAuthoritySerializer(read_only=True)

    class Meta(DataModelSerializer.Meta):
        omit_empty = (*DataModelSerializer.Meta.omit_empty, "dateFinalised")

    def get_availableActions(self, model) -> list[str]:
        return model_actions(_user(self.context), model)

    @extend_schema_field({"type": "string", "format": "date-time"})
    def get_dateFinalised(self, model):
        """Shown only for a finalised model."""
        return mauro_datetime(model.date_finalised) if model.finalised and model.date_finalised else None


class TerminologySerializer(DataModelSerializer):
    """A terminology or code set as lists show it: a data model's index shape without `type`, with `authority`."""

    type = None
    authority = ModelAuthoritySerializer(read_only=True)

    class Meta(DataModelSerializer.Meta):
        resource = "Terminology"


class TerminologyShowSerializer(DataModelShowSerializer):
    """One terminology or code set: a data model's show, whose `type` is the kind (`Terminology`, `CodeSet`)."""

    type = serializers.CharField(source="model_domain_type", read_only=True)

    class Meta(DataModelShowSerializer.Meta):
        resource = "Terminology"


class CodeSetSerializer(TerminologySerializer):
    class Meta(TerminologySerializer.Meta):
        resource = "CodeSet"


class CodeSetShowSerializer(TerminologyShowSerializer):
    class Meta(TerminologyShowSerializer.Meta):
        resource = "CodeSet"


#: The (index, show) shapes of each kind of model.
MODEL_SHAPES = {m.ModelDomainType.DATA_MODEL: (DataModelSerializer, DataModelShowSerializer),
                m.ModelDomainType.TERMINOLOGY: (TerminologySerializer, TerminologyShowSerializer),
                m.ModelDomainType.CODE_SET: (CodeSetSerializer, CodeSetShowSerializer)}


class DeleteDataModelsSerializer(ResourceSerializer):
    """The administrators' bulk delete: `{ids: [uuid, ...], permanent?}`."""

    ids = ModelIdsField()
    permanent = StrictBooleanField(required=False, default=False)

    class Meta:
        resource = "DeleteAllParams"


class DataModelPageSerializer(serializers.Serializer):
    """`{count, items}` of data models (OpenAPI only: what a bulk soft delete answers)."""

    count = serializers.IntegerField()
    items = DataModelSerializer(many=True)


# --- for areas that are not viewsets --------------------------------------------------------------------------

def data_model_json(model, *, user):
    """One model in its kind's show shape (its classifiers cost one query, their paths one per depth)."""
    shapes = MODEL_SHAPES.get(model.model_domain_type, MODEL_SHAPES[m.ModelDomainType.DATA_MODEL])
    return data_models_json([model], user=user, serializer_class=shapes[1])[0]


def data_models_json(models, *, user, full=False, serializer_class=None):
    """Models in the index shape (or the show shape with `full`, or `serializer_class`'s), with a fixed number of
    queries."""
    models = list(models)
    if serializer_class is None:
        serializer_class = DataModelShowSerializer if full else DataModelSerializer
    context = {"user": user}
    if models:
        context.update(serializer_class.preload(models, context))
    serializer = serializer_class(context=context)
    return [serializer.to_representation(x) for x in models]
