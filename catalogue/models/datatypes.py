"""Data types of a data model: primitive, enumeration (with values), reference (to a class) and model types."""

from django.db import models

from catalogue.models.base import label_rules
from catalogue.models.datamodel import ModelItem


class DataTypeKind(models.TextChoices):
    PRIMITIVE = "PrimitiveType", "Primitive type"
    ENUMERATION = "EnumerationType", "Enumeration type"
    REFERENCE = "ReferenceType", "Reference type"
    MODEL = "ModelDataType", "Model data type"


class DataType(ModelItem):
    """One table for the four kinds; the kind decides which of units, values, class or model applies."""

    path_prefix = "dt"

    kind = models.CharField(max_length=32, choices=DataTypeKind.choices, default=DataTypeKind.PRIMITIVE)
    units = models.CharField(max_length=255, null=True, blank=True)
    reference_class = models.ForeignKey("catalogue.DataClass", null=True, blank=True, on_delete=models.DO_NOTHING,
                                        related_name="referencing_types")
    model_resource_id = models.UUIDField(null=True, blank=True)
    model_resource_domain_type = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["index", "label"]
        constraints = [
            models.UniqueConstraint(fields=["model", "label"], name="datatype_label_unique"),
            *label_rules("datatype"),
        ]
        indexes = [models.Index(fields=["model", "index"], name="datatype_model_index")]

    @property
    def domain_type(self):
        return self.kind


class EnumerationValue(ModelItem):
    """A key/value of an enumeration type; the key is its label and is unique within the type."""

    domain_type = "EnumerationValue"
    path_prefix = "ev"

    data_type = models.ForeignKey(DataType, on_delete=models.DO_NOTHING, related_name="enumeration_values")
    key = models.CharField(max_length=255)
    value = models.TextField()
    category = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        ordering = ["index", "key"]
        constraints = [
            models.UniqueConstraint(fields=["data_type", "key"], name="enumerationvalue_key_unique"),
            models.CheckConstraint(condition=~models.Q(key=""), name="enumerationvalue_key_not_blank"),
        ]
        indexes = [models.Index(fields=["model", "data_type", "index"], name="enumvalue_model_type")]

    def save(self, *args, **kwargs):
        self.label = self.key
        super().save(*args, **kwargs)


