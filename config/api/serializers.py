"""The one input and output layer: a resource is described once, by one serializer, for its request bodies, its
JSON answers and its OpenAPI schema.

The contract's input rule (http-contract §2, "Input rules") lives here, so no view applies it by hand:
- a body that is not a JSON object → 400 `REQ08`;
- create: a required field that is missing (or null) → 400 (code `required`/`null`, `MALFORMED_CODES`);
- a value of the wrong JSON type (`"label": 5`, `"flag": "yes"`), a blank required text, or a value that breaks a
  field's rule → 422 with `{total, errors}` (code `wrong_type`, `blank`, ...);
- when a body has both kinds of mistakes, the 400 wins and lists only the malformed fields (precedence 400 → 422);
- unknown fields are ignored; updates are partial (the viewset passes `partial=True`: an absent field is unchanged);
- nothing is stored on any error: validation runs before the service is called.

How to describe a resource (see `catalogue/api/serializers_facets.py` for examples):

    class MetadataSerializer(ResourceSerializer):
        id = IdField()                                        # read-only: UUID as a string
        namespace = StrictCharField(max_length=255)            # required on create, a string, not blank
        value = StrictCharField()
        description = OptionalTextField()                      # optional: null or blank clears it
        lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)

        class Meta:
            resource = "Metadata"                              # the class named in error messages
            omit_empty = ("description",)                      # keys left out of the answer when empty
            select_related = ("created_by_user",)              # what a list of this resource loads with it
            prefetch_related = ()

Keys are spelt as Mauro's clients spell them; `source=` names the model attribute. Output goes through a fast
`to_representation` built once per class from the declared fields (DRF's field-by-field path costs several times
more per object); `SerializerMethodField`s and nested `ResourceSerializer`s are supported, and `preload()` loads
what a page of objects needs in a fixed number of queries (it returns extra serializer context).
"""

from collections.abc import Mapping
from datetime import UTC

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from config.api.errors import MALFORMED_CODES, WRONG_TYPE, BadRequest


def mauro_datetime(value):
    """ISO-8601 UTC with milliseconds and a Z, as Mauro writes them: 2026-11-25T14:32:38.632Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class MauroDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return mauro_datetime(value)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: MauroDateTimeField}


def require_object(data):
    """A JSON body must be an object; arrays, strings and numbers are a 400."""
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object", error_code="REQ08")
    return data


# --- strict input fields --------------------------------------------------------------------------------------

def _owner(field):
    """The resource class a field belongs to, for Mauro's wording (`Property [key] of class [Metadata]`)."""
    parent = field.parent
    while parent is not None:
        meta = getattr(parent, "Meta", None)
        if getattr(meta, "resource", None):
            return meta.resource
        parent = parent.parent
    return "Resource"


class MauroMessages:
    """Error messages in Mauro's wording, built when the field is bound (its name and owner are known then)."""

    #: Codes whose message is given in Mauro's wording (others keep DRF's).
    mauro_codes = ("required", "null", "blank", WRONG_TYPE, "max_length", "invalid")
    mauro_messages = {
        "required": "{prop} cannot be null",
        "null": "{prop} cannot be null",
        "blank": "{prop} cannot be blank",
        WRONG_TYPE: "{prop} must be {expected}",
        "max_length": "{prop} is longer than {max_length} characters",
        "invalid": "{prop} is not valid",
    }
    expected = "a value"

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        prop = f"Property [{field_name}] of class [{_owner(self)}]"
        for code in self.mauro_codes:
            template = self.mauro_messages[code]
            if code not in self._explicit_messages:
                self.error_messages[code] = template.format(prop=prop, expected=self.expected,
                                                            max_length="{max_length}")

    def __init__(self, *args, **kwargs):
        self._explicit_messages = set(kwargs.get("error_messages") or ())
        super().__init__(*args, **kwargs)

    def wrong_type(self):
        self.fail(WRONG_TYPE)


class StrictCharField(MauroMessages, serializers.CharField):
    """A string, never coerced from a number; whitespace-only is blank (422); the value is kept as sent."""

    expected = "a string"

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        self.blank_as_null = kwargs.pop("blank_as_null", False)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        # DRF answers "" before to_internal_value runs; whitespace-only counts as blank too.
        if isinstance(data, str) and not data.strip():
            if self.blank_as_null:
                return None
            if not self.allow_blank:
                self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.wrong_type()
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class OptionalTextField(StrictCharField):
    """An optional free text (descriptions): absent leaves it, null or blank clear it (None)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, allow_blank=True, blank_as_null=True, **kwargs)


class StrictBooleanField(MauroMessages, serializers.BooleanField):
    """`true` or `false` only: DRF would take "yes", 1 or "false"."""

    expected = "true or false"

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.wrong_type()
        return data


class StrictIntegerField(MauroMessages, serializers.IntegerField):
    """A JSON integer only: DRF would take "5", 5.0 or true."""

    expected = "an integer"

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.wrong_type()
        return super().to_internal_value(data)


class AnyJsonField(MauroMessages, serializers.JSONField):
    """Any JSON value, checked by the service (references by id that may be a string or `{"id": ...}`)."""

    mauro_codes = ("required",)


@extend_schema_field({"type": "string", "format": "uuid"})
class IdField(serializers.Field):
    """An object's id as a string; read-only unless declared `read_only=False` (then any JSON is passed on)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)

    def to_internal_value(self, data):
        return data


# --- the resource serializer ----------------------------------------------------------------------------------

def _malformed(detail):
    if isinstance(detail, dict):
        return any(_malformed(value) for value in detail.values())
    if isinstance(detail, list):
        return any(_malformed(value) for value in detail)
    return isinstance(detail, ErrorDetail) and detail.code in MALFORMED_CODES


def _getter(source_attrs):
    """A function reading `a.b.c` from an object or a dict, None as soon as a step is None."""
    if not source_attrs:  # source="*"
        return lambda instance: instance
    if len(source_attrs) == 1:
        attr = source_attrs[0]

        def get_one(instance):
            return instance.get(attr) if isinstance(instance, Mapping) else getattr(instance, attr)
        return get_one

    def get_path(instance):
        for attr in source_attrs:
            if instance is None:
                return None
            instance = instance.get(attr) if isinstance(instance, Mapping) else getattr(instance, attr)
        return instance
    return get_path


#: Field classes whose output is the attribute itself (or None), so the fast path skips their method call.
_PLAIN_OUTPUT = (serializers.CharField, serializers.IntegerField, serializers.BooleanField, serializers.ChoiceField,
                 serializers.FloatField)


def _converter(field):
    """How output turns an attribute into JSON for `field`: "str", "datetime", None (as it is) or a function."""
    if isinstance(field, serializers.SerializerMethodField):
        return None
    if isinstance(field, ResourceSerializer):
        return lambda serializer, value: field.__class__(context=serializer.context).to_representation(value)
    if isinstance(field, serializers.ListSerializer) and isinstance(field.child, ResourceSerializer):
        child_class = field.child.__class__

        def many(serializer, value):
            child = child_class(context=serializer.context)
            return [child.to_representation(v) for v in (value.all() if hasattr(value, "all") else value)]
        return many
    if isinstance(field, MauroDateTimeField):
        return "datetime"
    if isinstance(field, (serializers.UUIDField, IdField)):
        return "str"
    if isinstance(field, _PLAIN_OUTPUT) and not isinstance(field, serializers.DecimalField):
        return None
    return lambda serializer, value: field.to_representation(value)


def _compile_output(plan):
    """Python source of a `to_representation` for one serializer class: one straight line of code per field,
    no per-field method calls (DRF's generic loop costs several times more per object)."""
    lines = ["def to_representation(self, instance):",
             "    if instance.__class__ is dict:",
             "        return self.to_representation_generic(instance)",
             "    data = {}"]
    namespace = {"mauro_datetime": mauro_datetime}
    for index, (name, source_attrs, convert, method, omit) in enumerate(plan):
        if method is not None:
            lines.append(f"    value = self.{method}(instance)")
        elif not source_attrs:
            lines.append("    value = instance")
        else:
            lines.append("    value = instance")
            for step, attr in enumerate(source_attrs):
                guard = "" if step == 0 else "None if value is None else "
                lines.append(f"    value = {guard}getattr(value, {attr!r})")
        if convert == "str":
            lines.append("    if value is not None: value = str(value)")
        elif convert == "datetime":
            lines.append("    if value is not None: value = mauro_datetime(value)")
        elif convert is not None:
            namespace[f"convert_{index}"] = convert
            lines.append(f"    if value is not None: value = convert_{index}(self, value)")
        if omit:
            lines.append("    if not (value is None or value == '' or value == [] or value == {}):")
            lines.append(f"        data[{name!r}] = value")
        else:
            lines.append(f"    data[{name!r}] = value")
    lines.append("    return data")
    exec("\n".join(lines), namespace)  # noqa: S102 - source built from the class's own declared fields
    return namespace["to_representation"]


class ResourceSerializer(serializers.Serializer):
    """Input validation, output shape and OpenAPI schema of one resource (see the module docstring)."""

    class Meta:
        resource = None
        omit_empty = ()
        select_related = ()
        prefetch_related = ()

    # - input -

    def is_valid(self, *, raise_exception=False):
        """DRF's validation with the contract's precedence: if any field is malformed (missing, null), only those
        are reported, so the answer is a 400; otherwise every problem is a 422."""
        require_object(self.initial_data)
        valid = super().is_valid(raise_exception=False)
        if not valid:
            malformed = {name: detail for name, detail in self._errors.items() if _malformed(detail)}
            if malformed:
                self._errors = malformed
            if raise_exception:
                raise ValidationError(self._errors)
        return valid

    # - output -

    @classmethod
    def _plan(cls):
        """(key, source attributes, convert, method, omit when empty) per output field, built once per class."""
        plan = cls.__dict__.get("_output_plan")
        if plan is None:
            omit = set(getattr(cls.Meta, "omit_empty", ()))
            plan = []
            for name, field in cls().fields.items():
                if field.write_only:
                    continue
                method = getattr(field, "method_name", None) if isinstance(
                    field, serializers.SerializerMethodField) else None
                plan.append((name, tuple(field.source_attrs), _converter(field), method, name in omit))
            plan = tuple(plan)
            cls._output_plan = plan
        return plan

    def to_representation(self, instance):
        """The answer for one object, by the code generated for this class on first use."""
        render = self.__class__.__dict__.get("_compiled_output")
        if render is None:
            render = _compile_output(self._plan())
            self.__class__._compiled_output = render
        return render(self, instance)

    def to_representation_generic(self, instance):
        """The same answer for a dict (or any mapping) instead of an object."""
        data = {}
        for name, source_attrs, convert, method, omit in self._plan():
            if method is not None:
                value = getattr(self, method)(instance)
            else:
                value = _getter(source_attrs)(instance)
                if value is not None and convert is not None:
                    value = (str(value) if convert == "str" else mauro_datetime(value) if convert == "datetime"
                             else convert(self, value))
            if omit and (value is None or value == "" or value == [] or value == {}):
                continue
            data[name] = value
        return data

    @classmethod
    def preload(cls, objects, context):
        """Extra context for rendering `objects` (a page or one object), loaded in a fixed number of queries."""
        return {}

    @classmethod
    def query_plan(cls, queryset):
        """The queryset with what this serializer reads loaded alongside (`Meta.select_related`/`prefetch_related`)."""
        meta = cls.Meta
        if getattr(meta, "select_related", ()):
            queryset = queryset.select_related(*meta.select_related)
        if getattr(meta, "prefetch_related", ()):
            queryset = queryset.prefetch_related(*meta.prefetch_related)
        return queryset
