"""Containers that organise models: folders (nested), classifiers (tags, nested) and authorities."""

import uuid

from django.db import models
from django.db.models import Q

from catalogue.models.base import CatalogueItem, label_rules, public_flag_indexes
from catalogue.models.lineage import KeepsLineage, Lineage, LineageQuerySet


class Authority(models.Model):
    """Who publishes a model; model labels are unique per authority. One default authority is created."""

    domain_type = "Authority"
    path_prefix = "auth"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(max_length=255)
    url = models.CharField(max_length=1024)
    description = models.TextField(null=True, blank=True)
    default_authority = models.BooleanField(default=False)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "authorities"
        constraints = [
            models.UniqueConstraint(fields=["label", "url"], name="authority_label_url_unique"),
            models.UniqueConstraint(fields=["default_authority"], condition=Q(default_authority=True),
                                    name="authority_single_default"),
        ]

    def __str__(self):
        return self.label

    @classmethod
    def default(cls):
        from django.conf import settings

        authority = cls.objects.filter(default_authority=True).first()
        if authority is None:
            authority, _ = cls.objects.get_or_create(
                label=getattr(settings, "DEFAULT_AUTHORITY_LABEL", "Mauro Data Mapper"),
                url=getattr(settings, "DEFAULT_AUTHORITY_URL", "http://localhost"),
                defaults={"default_authority": True, "created_by": "bootstrap"})
        return authority


class Folder(KeepsLineage, CatalogueItem):
    """A folder holds sub-folders and models; labels are unique among siblings (the root counts as one parent)."""

    domain_type = "Folder"
    path_prefix = "fo"
    parent_attname = "parent_folder_id"

    parent_folder = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="child_folders")
    deleted = models.BooleanField(default=False)
    readable_by_everyone = models.BooleanField(default=False)
    readable_by_authenticated_users = models.BooleanField(default=False)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["parent_folder", "label"], name="folder_label_unique_in_parent"),
            models.UniqueConstraint(fields=["label"], condition=Q(parent_folder__isnull=True),
                                    name="folder_label_unique_at_root"),
            *label_rules("folder"),
        ]
        indexes = public_flag_indexes("folder")

    objects = LineageQuerySet.as_manager()


class Classifier(KeepsLineage, CatalogueItem):
    """A tag attached to any catalogue item; labels are globally unique."""

    domain_type = "Classifier"
    path_prefix = "cl"
    parent_attname = "parent_classifier_id"

    parent_classifier = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="child_classifiers")
    readable_by_everyone = models.BooleanField(default=False)
    readable_by_authenticated_users = models.BooleanField(default=False)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["label"], name="classifier_label_unique"),
            *label_rules("classifier"),
        ]
        indexes = public_flag_indexes("classifier")

    objects = LineageQuerySet.as_manager()


class FolderLineage(Lineage):
    """A folder and each of its ancestors, itself included (`catalogue.models.lineage`)."""

    descendant = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="lineage", db_index=False)
    ancestor = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["descendant", "ancestor"], name="folder_lineage_unique")]
        indexes = [models.Index(fields=["ancestor", "descendant"], name="folder_lineage_below")]


class ClassifierLineage(Lineage):
    """A classifier and each of its ancestors, itself included (`catalogue.models.lineage`)."""

    descendant = models.ForeignKey(Classifier, on_delete=models.CASCADE, related_name="lineage", db_index=False)
    ancestor = models.ForeignKey(Classifier, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["descendant", "ancestor"],
                                               name="classifier_lineage_unique")]
        indexes = [models.Index(fields=["ancestor", "descendant"], name="classifier_lineage_below")]


Folder.lineage_model = FolderLineage
Classifier.lineage_model = ClassifierLineage
