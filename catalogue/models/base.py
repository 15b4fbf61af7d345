"""What every catalogue item shares: a UUID, a label, a description and who made it when."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

#: Characters a label may not contain: they are the separators of Mauro paths (`dm:A$main|dc:B@label`).
FORBIDDEN_LABEL_CHARACTERS = ("|", "@", "$")
LABEL_MAX_LENGTH = 255


def label_rules(prefix, field="label"):
    """Database checks behind the label rules: not blank, no path separators (also enforced in services)."""
    no_separators = Q()
    for char in FORBIDDEN_LABEL_CHARACTERS:
        no_separators &= ~Q(**{f"{field}__contains": char})
    return [
        models.CheckConstraint(condition=~Q(**{field: ""}), name=f"{prefix}_{field}_not_blank"),
        models.CheckConstraint(condition=no_separators, name=f"{prefix}_{field}_no_separators"),
    ]


def public_flag_indexes(prefix, column="id"):
    """Partial indexes of the rows flagged public (few): the access policy reads them instead of the table."""
    return [models.Index(fields=[column], condition=Q(**{flag: True}), name=f"{prefix}_{short}")
            for flag, short in (("readable_by_everyone", "public"), ("readable_by_authenticated_users", "authn"))]


class CatalogueItem(models.Model):
    """Abstract base of folders, classifiers, models and model items (Mauro's CatalogueItem)."""

    #: Mauro's domainType name, used in JSON and in `{domainType}` URL segments.
    domain_type = ""
    #: The path prefix in Mauro path syntax (`dm`, `dc`, ...).
    path_prefix = ""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(max_length=LABEL_MAX_LENGTH)
    description = models.TextField(null=True, blank=True)
    aliases_string = models.TextField(null=True, blank=True)
    created_by = models.CharField(max_length=254, blank=True, default="")
    date_created = models.DateTimeField(default=timezone.now, editable=False)
    last_updated = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def aliases(self):
        return [a for a in (self.aliases_string or "").split("|") if a]

    def save(self, *args, **kwargs):
        self.last_updated = timezone.now()
        super().save(*args, **kwargs)


class Multiplicity(models.Model):
    """Nullable min/max multiplicity; -1 means many (`*`), no range check (Mauro's convention)."""

    min_multiplicity = models.IntegerField(null=True, blank=True)
    max_multiplicity = models.IntegerField(null=True, blank=True)

    class Meta:
        abstract = True
