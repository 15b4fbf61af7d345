"""Terminologies and code sets (kinds of `CatalogueModel`), and the content of a terminology: terms, the types of
relationship between terms, and the relationships themselves.

A term's label is derived from its code and definition (`term_label`), and its place in the terminology's hierarchy
(`depth`, `is_parent`) from the relationships whose type is parental or child. Both are worked out by the services,
set-based, never by a model's `save()`: terms and relationships are written in bulk (`bulk_create`) as readily as
one by one.
"""

from django.db import models
from django.db.models import Q

from catalogue.models.base import label_rules
from catalogue.models.datamodel import CatalogueModel, ModelDomainType, ModelItem

#: The depth of a term whose chain of parents never reaches a root (a cycle of parental relationships).
UNREACHABLE_DEPTH = 2**31 - 1


def term_label(code, definition):
    """`code: definition`, or the code alone when the definition repeats it."""
    return code if code == definition else f"{code}: {definition}"


class _KindManager(models.Manager):
    kind = None

    def get_queryset(self):
        return super().get_queryset().filter(model_domain_type=self.kind)


class TerminologyManager(_KindManager):
    kind = ModelDomainType.TERMINOLOGY


class CodeSetManager(_KindManager):
    kind = ModelDomainType.CODE_SET


class Terminology(CatalogueModel):
    """The terminology kind of `CatalogueModel`: a list of terms, organised by relationships."""

    objects = TerminologyManager()

    class Meta:
        proxy = True
        verbose_name_plural = "terminologies"

    def save(self, *args, **kwargs):
        self.model_domain_type = ModelDomainType.TERMINOLOGY
        super().save(*args, **kwargs)


class CodeSet(CatalogueModel):
    """The code set kind of `CatalogueModel`: a chosen set of terms of any terminologies (`CodeSetTerm`)."""

    objects = CodeSetManager()

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        self.model_domain_type = ModelDomainType.CODE_SET
        super().save(*args, **kwargs)


class Term(ModelItem):
    """A coded term of a terminology (`model`); the code is unique in its terminology, the label is `term_label`."""

    domain_type = "Term"
    path_prefix = "tm"

    #: `code: definition`: as long as a definition may be, and free of the label rules (clinical codes and
    #: definitions hold `|`, `@` and `$`; paths name a term by its code).
    label = models.TextField()
    code = models.CharField(max_length=255)
    definition = models.TextField()
    url = models.CharField(max_length=2048, null=True, blank=True)
    #: 1 for a root of the hierarchy (or a term outside it), one more than its parent's below.
    depth = models.IntegerField(default=1)
    #: Whether a parental or child relationship makes the term the parent of another.
    is_parent = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="term_code_unique"),
            models.CheckConstraint(condition=~Q(code="") & ~Q(definition=""), name="term_code_definition_not_blank"),
        ]
        # No index on the label: a long definition makes it too long for an index entry.
        indexes = [models.Index(fields=["model", "depth", "code"], name="term_model_depth")]

    @property
    def path_identifier(self):
        return self.code


class TermRelationshipType(ModelItem):
    """A kind of relationship between terms of a terminology; a parental (source is the parent of target) or
    child (source is the child of target) type makes the terminology a hierarchy."""

    domain_type = "TermRelationshipType"
    path_prefix = "trt"

    display_label = models.CharField(max_length=255)
    parental_relationship = models.BooleanField(default=False)
    child_relationship = models.BooleanField(default=False)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["model", "label"], name="termrelationshiptype_label_unique"),
            *label_rules("termrelationshiptype"),
        ]

    @property
    def path_identifier(self):
        return self.label


class TermRelationship(ModelItem):
    """`source_term` relates to `target_term` (another term of the same terminology) by `relationship_type` (of
    that terminology); its label is the type's label."""

    domain_type = "TermRelationship"
    path_prefix = "tr"

    relationship_type = models.ForeignKey(TermRelationshipType, on_delete=models.DO_NOTHING,
                                          related_name="relationships")
    source_term = models.ForeignKey(Term, on_delete=models.DO_NOTHING, related_name="source_relationships")
    target_term = models.ForeignKey(Term, on_delete=models.DO_NOTHING, related_name="target_relationships")

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(condition=~Q(source_term=models.F("target_term")),
                                   name="termrelationship_not_to_itself"),
        ]
        indexes = [models.Index(fields=["source_term"], name="termrelationship_source"),
                   models.Index(fields=["target_term"], name="termrelationship_target"),
                   models.Index(fields=["model", "relationship_type"], name="termrelationship_model_type")]

    @property
    def path_identifier(self):
        return f"{self.source_term.code}.{self.label}.{self.target_term.code}"


class CodeSetTerm(models.Model):
    """A term (of any terminology) chosen by a code set."""

    code_set = models.ForeignKey(CatalogueModel, on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, on_delete=models.DO_NOTHING, related_name="code_set_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code_set", "term"], name="codesetterm_unique")]
        indexes = [models.Index(fields=["term"], name="codesetterm_term")]
