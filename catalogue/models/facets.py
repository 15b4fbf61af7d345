"""Facets that attach to any catalogue item: metadata, annotations, semantic links, reference files, rules,
classifier attachments, version links and the edit history.

A facet names its item by (`catalogue_item_domain_type`, `catalogue_item_id`) and keeps the owning model
(`model`, null for folders and classifiers) so a whole model's facets are copied or deleted in one query.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Facet(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    catalogue_item_domain_type = models.CharField(max_length=64)
    catalogue_item_id = models.UUIDField(db_index=True)
    model = models.ForeignKey("catalogue.CatalogueModel", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.last_updated = timezone.now()
        super().save(*args, **kwargs)


class Metadata(Facet):
    domain_type = "Metadata"

    namespace = models.CharField(max_length=255)
    key = models.CharField(max_length=255)
    value = models.TextField()

    class Meta:
        ordering = ["namespace", "key"]
        verbose_name_plural = "metadata"
        constraints = [
            models.UniqueConstraint(fields=["catalogue_item_id", "namespace", "key"], name="metadata_key_unique"),
            models.CheckConstraint(condition=~models.Q(namespace="") & ~models.Q(key=""),
                                   name="metadata_not_blank"),
        ]


class Annotation(Facet):
    domain_type = "Annotation"

    label = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)
    parent_annotation = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="child_annotations")
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        ordering = ["date_created", "id"]


class SemanticLinkType(models.TextChoices):
    REFINES = "Refines", "Refines"
    DOES_NOT_REFINE = "Does Not Refine", "Does Not Refine"
    ABSTRACTS = "Abstracts", "Abstracts"
    DOES_NOT_ABSTRACT = "Does Not Abstract", "Does Not Abstract"


class SemanticLink(Facet):
    """A link from the item (source) to another catalogue item (target)."""

    domain_type = "SemanticLink"

    link_type = models.CharField(max_length=32, choices=SemanticLinkType.choices)
    target_domain_type = models.CharField(max_length=64)
    target_id = models.UUIDField(db_index=True)
    unconfirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["date_created", "id"]


class ReferenceFile(Facet):
    domain_type = "ReferenceFile"

    file_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=255)
    file_size = models.BigIntegerField(default=0)
    file_contents = models.BinaryField()

    class Meta:
        ordering = ["file_name", "id"]


class Rule(Facet):
    domain_type = "Rule"

    name = models.CharField(max_length=255)
    description = models.TextField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]


class RuleRepresentation(models.Model):
    domain_type = "RuleRepresentation"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="representations")
    language = models.CharField(max_length=255)
    representation = models.TextField()
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "id"]


class ClassifierLink(Facet):
    """A classifier attached to a catalogue item."""

    classifier = models.ForeignKey("catalogue.Classifier", on_delete=models.CASCADE, related_name="links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["classifier", "catalogue_item_id"],
                                               name="classifier_link_unique")]


class VersionLinkType(models.TextChoices):
    NEW_FORK_OF = "New Fork Of", "New Fork Of"
    NEW_DOCUMENTATION_VERSION_OF = "New Documentation Version Of", "New Documentation Version Of"
    NEW_MODEL_VERSION_OF = "New Model Version Of", "New Model Version Of"


class VersionLink(models.Model):
    """`source` is a new version/fork/branch of `target`."""

    domain_type = "VersionLink"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_model = models.ForeignKey("catalogue.CatalogueModel", on_delete=models.PROTECT, related_name="+")
    target_model = models.ForeignKey("catalogue.CatalogueModel", on_delete=models.PROTECT, related_name="+")
    link_type = models.CharField(max_length=64, choices=VersionLinkType.choices)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(auto_now=True)


class EditTitle(models.TextChoices):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    COPY = "COPY"
    MERGE = "MERGE"
    FINALISE = "FINALISE"
    CHANGELOG = "CHANGELOG"
    CHANGENOTICE = "CHANGENOTICE"


class Edit(models.Model):
    """One entry of an item's history (`/edits`); written by `catalogue.services.edits` only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource_domain_type = models.CharField(max_length=64)
    resource_id = models.UUIDField()
    model = models.ForeignKey("catalogue.CatalogueModel", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    title = models.CharField(max_length=32, choices=EditTitle.choices)
    description = models.TextField(blank=True, default="")
    created_by = models.CharField(max_length=254, blank=True, default="")
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    date_created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["date_created", "id"]
        indexes = [models.Index(fields=["resource_id", "date_created"], name="edit_resource_date")]
