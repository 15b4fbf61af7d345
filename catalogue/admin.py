"""The operators' admin for folders, classifiers, authorities and models (data models, terminologies, code sets).

Rights are the API's, asked of the same access policy (`accounts.access`): every page lists only what the
user may read (a hidden or missing object is a 404, as in the API), and each button needs the role the API
needs for the same action (a model's description: author; other fields, soft delete: editor; permanent
delete and folder or classifier changes: container_admin; restoring and authorities: site administrators).
An application administrator, who holds no content rights of their own, therefore sees public content
read-only and whatever their groups were granted.

Changes go through the same services as the API (edits recorded, set-based deletes). A model's page
shows its classes, elements and types read-only and only the first rows, so a model with tens of
thousands of elements opens as fast as a small one; finalised models are view-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet

from accounts import access
from accounts.admin import NotFoundWhenHidden
from catalogue import models as m
from catalogue.selectors.containers import is_same_or_descendant
from catalogue.services import containers as container_services
from catalogue.services import datamodels as model_services
from catalogue.services.edits import describe_changes, record_edit
from config.api.errors import ApiError

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


class TermInline(ReadOnlyInline):
    model = m.Term
    verbose_name_plural = f"terms (first {INLINE_ROWS})"
    fields = readonly_fields = ("code", "definition", "url", "depth", "is_parent")


class TermRelationshipTypeInline(ReadOnlyInline):
    model = m.TermRelationshipType
    verbose_name_plural = f"term relationship types (first {INLINE_ROWS})"
    fields = readonly_fields = ("label", "display_label", "parental_relationship", "child_relationship")


class TermRelationshipInline(ReadOnlyInline):
    model = m.TermRelationship
    verbose_name_plural = f"term relationships (first {INLINE_ROWS})"
    fields = readonly_fields = ("source_code", "label", "target_code")
    select_related = ("source_term", "target_term")

    @admin.display(description="source term")
    def source_code(self, obj):
        return obj.source_term.code

    @admin.display(description="target term")
    def target_code(self, obj):
        return obj.target_term.code


class CodeSetTermInline(ReadOnlyInline):
    model = m.CodeSetTerm
    fk_name = "code_set"
    verbose_name_plural = f"chosen terms (first {INLINE_ROWS})"
    fields = readonly_fields = ("term_code", "term_label", "terminology")
    select_related = ("term__model",)

    @admin.display(description="code")
    def term_code(self, obj):
        return obj.term.code

    @admin.display(description="label")
    def term_label(self, obj):
        return obj.term.label

    @admin.display(description="terminology")
    def terminology(self, obj):
        return obj.term.model.label


#: The read-only content each kind of model shows, and what its content line counts.
KIND_INLINES = {m.ModelDomainType.DATA_MODEL: (DataClassInline, DataElementInline, DataTypeInline),
                m.ModelDomainType.TERMINOLOGY: (TermInline, TermRelationshipTypeInline, TermRelationshipInline),
                m.ModelDomainType.CODE_SET: (CodeSetTermInline,)}
KIND_CONTENT = {m.ModelDomainType.DATA_MODEL: (("data classes", m.DataClass, "model_id"),
                                               ("data elements", m.DataElement, "model_id"),
                                               ("data types", m.DataType, "model_id")),
                m.ModelDomainType.TERMINOLOGY: (("terms", m.Term, "model_id"),
                                                ("term relationship types", m.TermRelationshipType, "model_id"),
                                                ("term relationships", m.TermRelationship, "model_id")),
                m.ModelDomainType.CODE_SET: (("terms", m.CodeSetTerm, "code_set_id"),)}


def _report(request, done, what):
    messages.success(request, f"{done} {what}.")


def _all_permitted(request, objs, check):
    """Run the policy `check` on every selected object; if any is refused, report it and change nothing."""
    refused = []
    for obj in objs:
        try:
            check(obj)
        except ApiError as exc:
            refused.append(f"{obj}: {exc.message}")
    for line in refused:
        messages.error(request, line)
    return not refused


def _require_site_admin(user):
    """Restoring is for site administrators, as the API's undoSoftDelete (the action is not offered to others)."""
    if not access.is_site_admin(user):
        raise PermissionDenied("Only site administrators may restore deleted content")


class PolicyForm(forms.ModelForm):
    """A change form that asks the access policy about the chosen parent before anything is saved."""

    user = None  # the requesting user, set by `PolicyAdmin.get_form`
    parent_field = None

    def check_parent(self, parent):
        """Raise an `ApiError` (or a `ValidationError`) when the user may not put the object under `parent`."""

    def clean(self):
        cleaned = super().clean()
        if self.parent_field in cleaned:
            try:
                self.check_parent(cleaned[self.parent_field])
            except ApiError as exc:
                self.add_error(self.parent_field, exc.message)
            except forms.ValidationError as exc:
                self.add_error(self.parent_field, exc)
        return cleaned

    @property
    def adding(self):
        return self.instance._state.adding


class PolicyAdmin(NotFoundWhenHidden, admin.ModelAdmin):
    """Base of the catalogue pages: querysets and permissions come from the access policy, never from
    `User.has_perm` (which only says the user is staff)."""

    #: `accounts.access.readable_*` for this table.
    readable = None
    #: Role needed to change (and to soft delete) an object; `delete_role` for the delete page.
    change_role = access.CONTAINER_ADMIN
    delete_role = access.CONTAINER_ADMIN
    form = PolicyForm

    def get_queryset(self, request):
        return self.readable(request.user, super().get_queryset(request))

    def role(self, request, obj):
        return access.role_on(request.user, obj)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return self.role(request, obj) is not None

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return access.role_at_least(self.role(request, obj), self.change_role)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return access.role_at_least(self.role(request, obj), self.delete_role)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A folder or classifier the user may not read is no valid choice, just like one that does not exist."""
        readable = {m.Folder: access.readable_folders, m.Classifier: access.readable_classifiers}.get(
            db_field.related_model)
        if readable is not None:
            kwargs["queryset"] = readable(request.user, db_field.related_model.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not access.is_site_admin(request.user):
            actions.pop("restore_selected", None)
        return actions


#: The kinds of model an operator may make (each with its content shown read-only on its page).
CREATABLE_KINDS = [(kind.value, kind.label) for kind in KIND_INLINES]


class CatalogueModelForm(PolicyForm):
    parent_field = "folder"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields.get("model_domain_type")
        if kind is not None:  # a new model: a data model unless another kind is chosen
            kind.required = False
            kind.choices = CREATABLE_KINDS

    def clean_model_domain_type(self):
        return self.cleaned_data.get("model_domain_type") or m.ModelDomainType.DATA_MODEL

    def check_parent(self, folder):
        if self.adding:
            access.require_model_creation(self.user, folder)
        elif folder.pk != self.instance.folder_id:
            access.require_model_move(self.user, self.instance, folder)
            container_services.ensure_not_deleted_folder(folder, "Cannot move into a deleted Folder")


@admin.register(m.CatalogueModel)
class CatalogueModelAdmin(PolicyAdmin):
    readable = staticmethod(access.readable_models)
    change_role = access.EDITOR
    form = CatalogueModelForm
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
        counts = [(label, table.objects.filter(**{column: obj.pk}).count())
                  for label, table, column in KIND_CONTENT.get(obj.model_domain_type, ())]
        return ", ".join(f"{n} {label}" for label, n in counts)

    def get_inlines(self, request, obj):
        """The content of the model's kind (a new model has none yet)."""
        return KIND_INLINES.get(obj.model_domain_type, ()) if obj is not None else ()

    def has_add_permission(self, request):
        """Creating a model needs editor on a folder (the form offers only such folders)."""
        if access.is_site_admin(request.user):
            return True
        return access.folders_with_role(request.user, m.Folder.objects.all(), access.EDITOR).exists()

    def has_change_permission(self, request, obj=None):
        """Authors may edit the description, editors the rest; finalised and deleted models are read-only
        as in the API (the page still opens, as a view)."""
        if obj is None:
            return super().has_change_permission(request)
        return (not obj.finalised and not obj.deleted
                and access.role_at_least(self.role(request, obj), access.AUTHOR))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            fields.remove("model_domain_type")  # the kind is chosen once, when the model is made
        if obj is not None and not access.role_at_least(self.role(request, obj), access.EDITOR):
            return [name for name in self.fields if name != "description"]
        if not access.is_site_admin(request.user):
            fields.append("authority")  # the API never changes a model's authority
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = obj.created_by or request.user.email_address
            if obj.authority_id is None:
                obj.authority = m.Authority.default()
            if obj.model_domain_type != m.ModelDomainType.DATA_MODEL:
                obj.model_type = obj.model_domain_type  # a terminology's or code set's type is its kind
            super().save_model(request, obj, form, change)
            access.grant_creator(user=request.user, resource=obj)
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
                   "data elements": m.DataElement.objects.filter(model_id__in=ids).count(),
                   "terms": m.Term.objects.filter(model_id__in=ids).count()}
        return [str(x) for x in objs], summary, set(), []

    @admin.action(description="Soft delete selected models")
    def soft_delete_selected(self, request, queryset):
        models = [x for x in queryset.select_related("folder") if not x.deleted]
        if _all_permitted(request, models,
                          lambda x: access.require_model_deletion(request.user, x, permanent=False)):
            model_services.delete_data_models(user=request.user, models=models, permanent=False)
            _report(request, len(models), "model(s) soft deleted")

    @admin.action(description="Restore selected soft-deleted models")
    def restore_selected(self, request, queryset):
        _require_site_admin(request.user)
        _report(request, model_services.restore_data_models(user=request.user, models=list(queryset)),
                "model(s) restored")

    @admin.action(description="Permanently delete selected models and all their content")
    def permanently_delete_selected(self, request, queryset):
        models = list(queryset)
        if _all_permitted(request, models,
                          lambda x: access.require_model_deletion(request.user, x, permanent=True)):
            model_services.permanently_delete_data_models(user=request.user, models=models)
            _report(request, len(models), "model(s) permanently deleted")


class ContainerForm(PolicyForm):
    """Folders and classifiers: a new or moved container needs container_admin on its new parent."""

    def check_parent(self, parent):
        if parent is None:
            container_services.ensure_can_create_root_container(self.user)
        elif self.adding or parent.pk != getattr(self.instance, f"{self.parent_field}_id"):
            container_services.ensure_container_admin(self.user, parent)


class FolderForm(ContainerForm):
    parent_field = "parent_folder"

    def check_parent(self, parent):
        super().check_parent(parent)
        if parent is not None and parent.pk != self.instance.parent_folder_id:
            container_services.ensure_not_deleted_folder(parent)
            if not self.adding and is_same_or_descendant(self.instance, parent.pk):
                raise forms.ValidationError("A Folder cannot be moved into itself or one of its sub-folders")


class ClassifierForm(ContainerForm):
    parent_field = "parent_classifier"


class ContainerAdmin(PolicyAdmin):
    """Creating a root container is open to any user (as in the API); the creator gets container_admin."""

    def has_add_permission(self, request):
        return access.is_authenticated(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = obj.created_by or request.user.email_address
        super().save_model(request, obj, form, change)
        if not change:
            access.grant_creator(user=request.user, resource=obj)


@admin.register(m.Folder)
class FolderAdmin(ContainerAdmin):
    readable = staticmethod(access.readable_folders)
    form = FolderForm
    list_display = ("label", "parent_folder", "deleted", "readable_by_everyone", "readable_by_authenticated_users",
                    "last_updated")
    list_select_related = ("parent_folder",)
    list_filter = ("deleted", "readable_by_everyone", "readable_by_authenticated_users")
    search_fields = ("label",)
    autocomplete_fields = ("parent_folder",)
    readonly_fields = ("id", "deleted", "created_by", "date_created", "last_updated")
    actions = ("soft_delete_selected", "restore_selected", "permanently_delete_selected")

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

    def _container_admin_of_all(self, request, folders):
        return _all_permitted(request, folders, lambda x: container_services.ensure_container_admin(request.user, x))

    @admin.action(description="Soft delete selected folders (with sub-folders and models)")
    def soft_delete_selected(self, request, queryset):
        folders = list(queryset)
        if self._container_admin_of_all(request, folders):
            for folder in folders:
                container_services.soft_delete_folder(user=request.user, folder=folder)
            _report(request, len(folders), "folder(s) soft deleted")

    @admin.action(description="Restore selected folders (with sub-folders and models)")
    def restore_selected(self, request, queryset):
        _require_site_admin(request.user)
        folders = list(queryset)
        for folder in folders:
            container_services.restore_folder(user=request.user, folder=folder)
        _report(request, len(folders), "folder(s) restored")

    @admin.action(description="Permanently delete selected folders, sub-folders and models")
    def permanently_delete_selected(self, request, queryset):
        folders = list(queryset)
        if self._container_admin_of_all(request, folders):
            self.delete_queryset(request, queryset)
            _report(request, len(folders), "folder(s) permanently deleted")


@admin.register(m.Classifier)
class ClassifierAdmin(ContainerAdmin):
    readable = staticmethod(access.readable_classifiers)
    form = ClassifierForm
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
    """Authorities are open to read; only site administrators add, change or delete them (as in the API)."""

    list_display = ("label", "url", "default_authority", "model_count")
    search_fields = ("label", "url")
    readonly_fields = ("id", "default_authority", "created_by", "date_created", "last_updated")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_total=Count("models"))

    @admin.display(description="models", ordering="model_total")
    def model_count(self, obj):
        return obj.model_total

    def has_add_permission(self, request):
        return access.is_site_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_site_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        """The default authority and authorities that publish models stay."""
        if obj is not None and (obj.default_authority or obj.models.exists()):
            return False
        return access.is_site_admin(request.user)

    def delete_queryset(self, request, queryset):
        for authority in queryset:
            if authority.default_authority or authority.models.exists():
                messages.warning(request, f"{authority} is the default or publishes models; it was kept.")
                continue
            container_services.delete_authority(user=request.user, authority=authority)
