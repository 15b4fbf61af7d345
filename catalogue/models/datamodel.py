"""Models (one table for every kind: data models now, terminologies and code sets later) and data model content.

All kinds of model share one table, `CatalogueModel`, so versioning, permissions, search and the tree
treat them alike; `DataModel` is the proxy most code uses. Every model item carries `model` (its owning
model) so that copy, export and delete of a whole model are one query per table.
"""

from django.db import models
from django.db.models import Q

from catalogue.models.base import CatalogueItem, Multiplicity, label_rules, public_flag_indexes


class ModelDomainType(models.TextChoices):
    DATA_MODEL = "DataModel", "Data model"
    TERMINOLOGY = "Terminology", "Terminology"
    CODE_SET = "CodeSet", "Code set"
    REFERENCE_DATA_MODEL = "ReferenceDataModel", "Reference data model"


class DataModelType(models.TextChoices):
    DATA_STANDARD = "Data Standard", "Data Standard"
    DATA_ASSET = "Data Asset", "Data Asset"


DEFAULT_BRANCH = "main"
INITIAL_DOCUMENTATION_VERSION = "1.0.0"


class CatalogueModel(CatalogueItem):
    """A versioned model of any kind. Label uniqueness is per authority and kind, per branch (drafts)
    or per version (finalised), so branches and new versions can share a label.

    A model's content (items, facets, edits, version links) protects it: Django's own `delete()`, on an
    instance or a queryset, removes an empty model and refuses (`ProtectedError`) one that still has content.
    A model and its content go together through `catalogue.services.deletion`, set-based, never row by row.
    """

    path_prefix = "dm"

    model_domain_type = models.CharField(max_length=32, choices=ModelDomainType.choices,
                                         default=ModelDomainType.DATA_MODEL, db_index=True)
    folder = models.ForeignKey("catalogue.Folder", on_delete=models.PROTECT, related_name="models")
    authority = models.ForeignKey("catalogue.Authority", on_delete=models.PROTECT, related_name="models")
    model_type = models.CharField(max_length=32, blank=True, default="")
    author = models.CharField(max_length=255, null=True, blank=True)
    organisation = models.CharField(max_length=255, null=True, blank=True)
    documentation_version = models.CharField(max_length=32, default=INITIAL_DOCUMENTATION_VERSION)
    model_version = models.CharField(max_length=32, null=True, blank=True)
    model_version_tag = models.CharField(max_length=255, null=True, blank=True)
    branch_name = models.CharField(max_length=255, default=DEFAULT_BRANCH)
    finalised = models.BooleanField(default=False)
    date_finalised = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    readable_by_everyone = models.BooleanField(default=False)
    readable_by_authenticated_users = models.BooleanField(default=False)

    class Meta:
        db_table = "catalogue_model"
        ordering = ["label", "branch_name"]
        constraints = [
            models.UniqueConstraint(fields=["model_domain_type", "authority", "label", "branch_name"],
                                    condition=Q(finalised=False), name="model_label_unique_per_branch"),
            models.UniqueConstraint(fields=["model_domain_type", "authority", "label", "model_version",
                                            "documentation_version"],
                                    condition=Q(finalised=True), name="model_label_unique_per_version"),
            *label_rules("model"),
        ]
        indexes = [models.Index(fields=["folder", "label"], name="model_folder_label"),
                   *public_flag_indexes("model", "folder")]

    @property
    def domain_type(self):
        return self.model_domain_type


class DataModelManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(model_domain_type=ModelDomainType.DATA_MODEL)


class DataModel(CatalogueModel):
    """The data model kind of `CatalogueModel` (type `Data Standard` or `Data Asset`)."""

    objects = DataModelManager()

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        self.model_domain_type = ModelDomainType.DATA_MODEL
        super().save(*args, **kwargs)


class ModelItem(CatalogueItem):
    """Abstract base of everything inside a model: it knows its model and its place among siblings."""

    model = models.ForeignKey(CatalogueModel, on_delete=models.PROTECT, related_name="+")
    index = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DataClass(ModelItem, Multiplicity):
    """A class of a data model; nested to any depth. Labels are unique among siblings."""

    domain_type = "DataClass"
    path_prefix = "dc"

    parent_data_class = models.ForeignKey("self", null=True, blank=True, on_delete=models.DO_NOTHING,
                                          related_name="child_data_classes")
    extends_data_classes = models.ManyToManyField("self", symmetrical=False, blank=True,
                                                  related_name="extended_by", through="DataClassExtension")

    class Meta:
        ordering = ["index", "label"]
        constraints = [
            models.UniqueConstraint(fields=["model", "parent_data_class", "label"], name="dataclass_label_unique"),
            models.UniqueConstraint(fields=["model", "label"], condition=Q(parent_data_class__isnull=True),
                                    name="dataclass_label_unique_at_root"),
            *label_rules("dataclass"),
        ]
        indexes = [models.Index(fields=["model", "parent_data_class", "index"], name="dataclass_model_parent")]


class DataClassExtension(models.Model):
    """A data class extends another (in the same model or a finalised one)."""

    data_class = models.ForeignKey(DataClass, on_delete=models.DO_NOTHING, related_name="+")
    extended_data_class = models.ForeignKey(DataClass, on_delete=models.DO_NOTHING, related_name="+")
    model = models.ForeignKey(CatalogueModel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["data_class", "extended_data_class"],
                                               name="dataclass_extension_unique")]


class DataElement(ModelItem, Multiplicity):
    """A field of a data class, typed by a data type of the same model."""

    domain_type = "DataElement"
    path_prefix = "de"

    data_class = models.ForeignKey(DataClass, on_delete=models.DO_NOTHING, related_name="data_elements")
    data_type = models.ForeignKey("catalogue.DataType", on_delete=models.DO_NOTHING, related_name="data_elements")

    class Meta:
        ordering = ["index", "label"]
        constraints = [
            models.UniqueConstraint(fields=["data_class", "label"], name="dataelement_label_unique"),
            *label_rules("dataelement"),
        ]
        indexes = [
            models.Index(fields=["model", "data_class", "index"], name="dataelement_model_class"),
            models.Index(fields=["data_type"], name="dataelement_type"),
            # A model's elements by label (its element list's order): a page is read in order, not sorted.
            models.Index(fields=["model", "label", "id"], name="dataelement_model_label"),
        ]
