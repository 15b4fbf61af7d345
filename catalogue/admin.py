"""The operators' admin for folders, classifiers, authorities and models.

Changes go through the same services as the API (edits recorded, set-based deletes). A model's page
shows its classes, elements and types read-only and only the first rows, so a model with tens of
thousands of elements opens as fast as a small one; finalised models are view-only.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from catalogue import models as m
from catalogue.services import containers as container_services
from catalogue.services import datamodels as model_services
from catalogue.services.edits import describe_changes, record_edit

INLINE_ROWS = 25


class FirstRowsFormSet(BaseInlineFormSet):
    """Only the first INLINE_ROWS rows of a possibly huge related set."""

    @classmethod
    def get_default_prefix(cls):
        # Model items point at their model with related_name="+", which would leave the prefix empty.
        return cls.model._meta.model_name

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = list(super().get_queryset()[:INLINE_ROWS])
        return self._first_rows


class ReadOnlyInline(admin.TabularInline):
    formset = FirstRowsFormSet
    fk_name = "model"
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    select_related = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DataClassInline(ReadOnlyInline):
    model = m.DataClass
    verbose_name_plural = f"data classes (first {INLINE_ROWS})"
    fields = readonly_fields = ("label", "parent_label", "index", "min_multiplicity", "max_multiplicity")
    select_related = ("parent_data_class",)

    @admin.display(description="parent class")
    def parent_label(self, obj):
        return obj.parent_data_class.label if obj.parent_data_class_id else "-"


class DataElementInline(ReadOnlyInline):
    model = m.DataElement
    verbose_name_plural = f"data elements (first {INLINE_ROWS})"
    fields = readonly_fields = ("label", "class_label", "type_label", "index", "min_multiplicity", "max_multiplicity")
    select_related = ("data_class", "data_type")

    @admin.display(description="data class")
    def class_label(self, obj):
        return obj.data_class.label

    @admin.display(description="data type")
    def type_label(self, obj):
        return obj.data_type.label


class DataTypeInline(ReadOnlyInline):
    model = m.DataType
    verbose_name_plural = f"data types (first {INLINE_ROWS})"
    fields = readonly_fields = ("label", "kind", "units", "index")


def _report(request, done, what):
    messages.success(request, f"{done} {what}.")


@admin.register(m.CatalogueModel)
class CatalogueModelAdmin(admin.ModelAdmin):
    list_display = ("label", "model_domain_type", "model_type", "folder", "branch_name", "documentation_version",
                    "model_version", "finalised", "deleted", "last_updated")
    list_select_related = ("folder",)
    list_filter = (("folder", admin.RelatedOnlyFieldListFilter), "model_domain_type", "model_type", "finalised",
                   "deleted")
    search_fields = ("label",)
    ordering = ("label", "branch_name")
    autocomplete_fields = ("folder", "authority")
    fields = ("label", "description", "aliases_string", "model_type", "folder", "authority", "author",
              "organisation", "readable_by_everyone", "readable_by_authenticated_users", "model_domain_type",
              "branch_name", "documentation_version", "model_version", "model_version_tag", "finalised",
              "date_finalised", "deleted", "content", "id", "created_by", "date_created", "last_updated")
    readonly_fields = ("model_domain_type", "branch_name", "documentation_version", "model_version", "finalised",
                       "date_finalised", "deleted", "content", "id", "created_by", "date_created", "last_updated")
    inlines = (DataClassInline, DataElementInline, DataTypeInline)
    actions = ("soft_delete_selected", "restore_selected", "permanently_delete_selected")

    @admin.display(description="content")
    def content(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        counts = [(label, table.objects.filter(model_id=obj.pk).count())
                  for label, table in (("data classes", m.DataClass), ("data elements", m.DataElement),
                                       ("data types", m.DataType))]
        return ", ".join(f"{n} {label}" for label, n in counts)

    def has_change_permission(self, request, obj=None):
        """Finalised models are read-only here as in the API (the page still opens, as a view)."""
        if obj is not None and obj.finalised:
            return False
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = obj.created_by or request.user.email_address
            super().save_model(request, obj, form, change)
            record_edit(item=obj, user=request.user, title=m.EditTitle.CREATE,
                        description=f"[{obj.model_domain_type}:{obj.label}] created")
            return
        before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        description = describe_changes(before, {name: form.cleaned_data.get(name) for name in form.changed_data})
        if description:
            record_edit(item=obj, user=request.user, title=m.EditTitle.UPDATE, description=description)

    def delete_model(self, request, obj):
        model_services.permanently_delete_data_models(user=request.user, models=[obj])

    def delete_queryset(self, request, queryset):
        model_services.permanently_delete_data_models(user=request.user, models=list(queryset))

    def get_deleted_objects(self, objs, request):
        """A cheap confirmation page: the models and their content counts, never a per-row walk."""
        objs = list(objs)
        ids = [x.pk for x in objs]
        summary = {"models": len(objs),
                   "data classes": m.DataClass.objects.filter(model_id__in=ids).count(),
                   "data elements": m.DataElement.objects.filter(model_id__in=ids).count()}
        return [str(x) for x in objs], summary, set(), []

    @admin.action(description="Soft delete selected models")
    def soft_delete_selected(self, request, queryset):
        models = [x for x in queryset.select_related("folder") if not x.deleted]
        model_services.delete_data_models(user=request.user, models=models, permanent=False)
        _report(request, len(models), "model(s) soft deleted")

    @admin.action(description="Restore selected soft-deleted models")
    def restore_selected(self, request, queryset):
        _report(request, model_services.restore_data_models(user=request.user, models=list(queryset)),
                "model(s) restored")

    @admin.action(description="Permanently delete selected models and all their content")
    def permanently_delete_selected(self, request, queryset):
        models = list(queryset)
        model_services.permanently_delete_data_models(user=request.user, models=models)
        _report(request, len(models), "model(s) permanently deleted")


@admin.register(m.Folder)
class FolderAdmin(admin.ModelAdmin):
    list_display = ("label", "parent_folder", "deleted", "readable_by_everyone", "readable_by_authenticated_users",
                    "last_updated")
    list_select_related = ("parent_folder",)
    list_filter = ("deleted", "readable_by_everyone", "readable_by_authenticated_users")
    search_fields = ("label",)
    autocomplete_fields = ("parent_folder",)
    readonly_fields = ("id", "deleted", "created_by", "date_created", "last_updated")
    actions = ("soft_delete_selected", "restore_selected", "permanently_delete_selected")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        container_services.permanently_delete_folder_tree(user=request.user, folder=obj)

    def delete_queryset(self, request, queryset):
        for folder in queryset:
            if m.Folder.objects.filter(pk=folder.pk).exists():
                container_services.permanently_delete_folder_tree(user=request.user, folder=folder)

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        summary = {"folders": len(objs),
                   "models directly inside": m.CatalogueModel.objects.filter(folder__in=objs).count()}
        return [f"{x} (with its sub-folders and their models)" for x in objs], summary, set(), []

    @admin.action(description="Soft delete selected folders (with sub-folders and models)")
    def soft_delete_selected(self, request, queryset):
        folders = list(queryset)
        for folder in folders:
            container_services.soft_delete_folder(user=request.user, folder=folder)
        _report(request, len(folders), "folder(s) soft deleted")

    @admin.action(description="Restore selected folders (with sub-folders and models)")
    def restore_selected(self, request, queryset):
        folders = list(queryset)
        for folder in folders:
            container_services.restore_folder(user=request.user, folder=folder)
        _report(request, len(folders), "folder(s) restored")

    @admin.action(description="Permanently delete selected folders, sub-folders and models")
    def permanently_delete_selected(self, request, queryset):
        count = queryset.count()
        self.delete_queryset(request, queryset)
        _report(request, count, "folder(s) permanently deleted")


@admin.register(m.Classifier)
class ClassifierAdmin(admin.ModelAdmin):
    list_display = ("label", "parent_classifier", "readable_by_everyone", "readable_by_authenticated_users",
                    "last_updated")
    list_select_related = ("parent_classifier",)
    list_filter = ("readable_by_everyone", "readable_by_authenticated_users")
    search_fields = ("label",)
    autocomplete_fields = ("parent_classifier",)
    readonly_fields = ("id", "created_by", "date_created", "last_updated")

    def delete_model(self, request, obj):
        container_services.delete_classifier(user=request.user, classifier=obj)

    def delete_queryset(self, request, queryset):
        for classifier in queryset:
            if m.Classifier.objects.filter(pk=classifier.pk).exists():
                container_services.delete_classifier(user=request.user, classifier=classifier)


@admin.register(m.Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("label", "url", "default_authority", "model_count")
    search_fields = ("label", "url")
    readonly_fields = ("id", "default_authority", "created_by", "date_created", "last_updated")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_total=Count("models"))

    @admin.display(description="models", ordering="model_total")
    def model_count(self, obj):
        return obj.model_total

    def has_delete_permission(self, request, obj=None):
        """The default authority and authorities that publish models stay."""
        if obj is not None and (obj.default_authority or obj.models.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        for authority in queryset:
            if authority.default_authority or authority.models.exists():
                messages.warning(request, f"{authority} is the default or publishes models; it was kept.")
                continue
            container_services.delete_authority(user=request.user, authority=authority)
