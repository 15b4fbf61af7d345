"""The catalogue tree: which folders, models and items a caller sees, in which order, with a fixed number of queries.

Every function here returns `TreeNode`s; `catalogue.api.serializers_tree` turns them into Mauro's JSON.
Visibility goes through `accounts.access` (restricted querysets), so a hidden folder or model never
appears, and `hasChildren` is computed in the database (`Exists`) without loading any children.
Orders follow Mauro's tree: containers before models, both by label (case-insensitive), models then by
version; items without children before items with children, then by index, then by label.
"""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from accounts.access import (
    EDITOR,
    folders_with_role,
    get_readable,
    may_see_deleted,
    readable_classifiers,
    readable_folders,
    readable_items,
    readable_models,
)
from catalogue import models as m
from catalogue.selectors import terminologies
from catalogue.selectors.paths import Locator, model_path_segment
from config.api.errors import BadRequest, NotFound
from config.prepared import PreparedQuery, hides_nothing

CONTAINER, MODEL, ITEM = "container", "model", "item"


@dataclass(frozen=True)
class TreeOptions:
    """The tree's query options; `include_deleted` is only honoured for site administrators."""

    include_deleted: bool = False
    include_document_superseded: bool = False
    include_model_superseded: bool = False

    @classmethod
    def for_user(cls, user, *, include_deleted=False, include_document_superseded=False,
                 include_model_superseded=False):
        return cls(include_deleted=bool(include_deleted and may_see_deleted(user)),
                   include_document_superseded=bool(include_document_superseded),
                   include_model_superseded=bool(include_model_superseded))


@dataclass(slots=True)
class TreeNode:
    kind: str
    id: UUID | str
    domain_type: str
    label: str
    path: str
    has_children: bool
    #: The Folder / Classifier / CatalogueModel behind a container or model node; the owning model of an item.
    source: object
    model_id: UUID | None = None
    #: The parent folder (classifier) of a container; the parent item of an item when it is not the model.
    parent_id: UUID | None = None
    index: int = 0
    superseded: bool = False
    #: Mauro hides a model's branch name in folder listings when no other listed model shares its label.
    show_branch: bool = True
    #: None: not expanded (no `children` key); a list: expanded.
    children: list | None = None

    def expand(self, children):
        self.children = children
        self.has_children = bool(children)
        return self


# --- orders ------------------------------------------------------------------------------------------------

def _version_key(version):
    """Numeric order of `1.10.0` after `1.9.0`; a missing version sorts first (as Mauro's null does)."""
    if not version:
        return (0, ())
    parts = []
    for piece in str(version).replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return (1, tuple(parts))


def _container_or_model_key(node):
    source = node.source
    if node.kind == MODEL:
        return (1, node.label.lower(), _version_key(source.documentation_version),
                _version_key(source.model_version), source.branch_name or "", str(node.id))
    return (0, node.label.lower(), (), (), "", str(node.id))


def _item_key(node):
    return (node.has_children, node.index, node.label, str(node.id))


def sort_containers_and_models(nodes):
    return sorted(nodes, key=_container_or_model_key)


def sort_items(nodes):
    return sorted(nodes, key=_item_key)


# --- visibility --------------------------------------------------------------------------------------------

def visible_folders(user, options):
    folders = readable_folders(user, m.Folder.objects.all())
    return folders if options.include_deleted else folders.filter(deleted=False)


def _document_superseded():
    return Exists(m.VersionLink.objects.filter(
        target_model=OuterRef("pk"), link_type=m.VersionLinkType.NEW_DOCUMENTATION_VERSION_OF))


def _model_superseded():
    """Only a finalised newer version supersedes a model (a draft branch does not)."""
    return Exists(m.VersionLink.objects.filter(
        target_model=OuterRef("pk"), link_type=m.VersionLinkType.NEW_MODEL_VERSION_OF, source_model__finalised=True))


def visible_models(user, options):
    models = readable_models(user, m.CatalogueModel.objects.all())
    if not options.include_deleted:
        models = models.filter(deleted=False)
    if not options.include_document_superseded:
        models = models.filter(~_document_superseded())
    if not options.include_model_superseded:
        models = models.filter(~_model_superseded())
    return models


def _has_tree_items():
    """A model has children in the tree when it holds data classes, or is a terminology with a parental or child
    relationship type (its terms then form a hierarchy)."""
    hierarchical = m.TermRelationshipType.objects.filter(model=OuterRef("pk")).filter(
        Q(parental_relationship=True) | Q(child_relationship=True))
    return ExpressionWrapper(Q(Exists(m.DataClass.objects.filter(model=OuterRef("pk")))) | Q(Exists(hierarchical)),
                             output_field=BooleanField())


def _with_model_flags(models):
    return models.select_related("folder").annotate(
        has_classes=_has_tree_items(),
        document_superseded=_document_superseded(),
        model_superseded=_model_superseded())


def _with_finalised_flag(folders):
    """`holds_finalised_model` for the folder's tree actions (any model counts: the actions it changes are
    only shown to editors of the folder, who read all of its models)."""
    return folders.annotate(holds_finalised_model=Exists(
        m.CatalogueModel.objects.filter(folder=OuterRef("pk"), finalised=True)))


def _with_folder_flags(folders, user, options):
    return _with_finalised_flag(folders).annotate(
        has_child_folders=Exists(visible_folders(user, options).filter(parent_folder=OuterRef("pk"))),
        has_models=Exists(visible_models(user, options).filter(folder=OuterRef("pk"))))


class FolderIndex:
    """Label and parent of every folder, loaded with one query on first use: paths and ancestor chains of
    any depth then cost nothing more."""

    def __init__(self):
        self._rows = None

    def _load(self):
        if self._rows is None:
            self._rows = {pk: (label, parent) for pk, label, parent in
                          m.Folder.objects.values_list("pk", "label", "parent_folder_id")}
        return self._rows

    def chain(self, folder_id):
        """Folder ids from the root down to `folder_id`."""
        rows, ids, seen = self._load(), [], set()
        while folder_id is not None and folder_id in rows and folder_id not in seen:
            seen.add(folder_id)
            ids.append(folder_id)
            folder_id = rows[folder_id][1]
        return list(reversed(ids))

    def path(self, folder):
        if folder.parent_folder_id is None:
            return f"fo:{folder.label}"
        return self.path_of(folder.pk)

    def path_of(self, folder_id):
        rows = self._load()
        return "|".join(f"fo:{rows[pk][0]}" for pk in self.chain(folder_id))


# --- nodes -------------------------------------------------------------------------------------------------

def folder_node(folder, path, has_children):
    return TreeNode(CONTAINER, folder.pk, "Folder", folder.label, path, has_children, folder,
                    parent_id=folder.parent_folder_id)


def classifier_node(classifier, path, has_children):
    return TreeNode(CONTAINER, classifier.pk, "Classifier", classifier.label, path, has_children, classifier,
                    parent_id=classifier.parent_classifier_id)


def model_node(model, *, has_children, superseded=False, show_branch=True):
    return TreeNode(MODEL, model.pk, model.model_domain_type, model.label, model_path_segment(model), has_children,
                    model, superseded=superseded, show_branch=show_branch)


def _listed_model_nodes(models):
    """Model nodes for a folder listing, with Mauro's rule for showing branch names."""
    nodes = [model_node(model, has_children=model.has_classes,
                        superseded=model.document_superseded or model.model_superseded) for model in models]
    by_label = {}
    for node in nodes:
        by_label.setdefault((node.domain_type, node.label), []).append(node)
    for group in by_label.values():
        if len(group) == 1 or len({node.source.branch_name for node in group}) == 1:
            for node in group:
                node.show_branch = False
    return nodes


def item_node(item, *, model, path, has_children=False, parent_id=None):
    return TreeNode(ITEM, item.pk, item.domain_type, item.label, path, has_children, model,
                    model_id=model.pk, parent_id=parent_id, index=item.index)


# --- containers --------------------------------------------------------------------------------------------

CONTAINER_CLASSES = {m.Folder: "Folder", m.Classifier: "Classifier"}


#: The access functions the folder queries of the tree call: for a caller they hide nothing from, a query's SQL is
#: the same whoever asks, so it is prepared (config.prepared) per set of options.
_FOLDER_RESTRICTIONS = ((readable_folders, lambda: m.Folder.objects.all()),
                        (readable_models, lambda: m.CatalogueModel.objects.all()))
_ROOT_FOLDERS = {}


def _root_folders(user, options):
    """Root folders with the flags their nodes show."""
    if not hides_nothing(user, *_FOLDER_RESTRICTIONS):
        return list(_root_folder_query(user, options))
    query = _ROOT_FOLDERS.get(options)
    if query is None:
        query = _ROOT_FOLDERS[options] = PreparedQuery(
            lambda: m.Folder.objects.all(), lambda folders, caller: _root_folder_query(caller, options), caller=True)
    return query.objects(caller=user)


def _root_folder_query(user, options):
    return _with_folder_flags(visible_folders(user, options).filter(parent_folder__isnull=True), user, options)


def root_tree(*, user, container_class, options, containers_only=False, model_creatable_only=False):
    """`GET /api/tree/{folders|classifiers}`: root containers, or every container nested (containersOnly)."""
    if container_class is m.Classifier:
        return classifier_tree(user=user)
    if containers_only:
        return folder_only_tree(user=user, options=options, model_creatable_only=model_creatable_only)
    folders = _root_folders(user, options)
    return sort_containers_and_models(
        folder_node(f, f"fo:{f.label}", f.has_child_folders or f.has_models) for f in folders)


def _nest(items, parent_of, make_node):
    """Nest containers by parent; only those reachable from a root through shown containers appear."""
    by_parent = {}
    for item in items:
        by_parent.setdefault(parent_of(item), []).append(item)

    def build(item, parent_path):
        node = make_node(item, parent_path)
        node.expand(sort_containers_and_models(build(child, node.path) for child in by_parent.get(item.pk, [])))
        return node

    return sort_containers_and_models(build(item, None) for item in by_parent.get(None, []))


def folder_only_tree(*, user, options, model_creatable_only=False):
    folders = visible_folders(user, options)
    if model_creatable_only:
        folders = folders_with_role(user, folders, EDITOR)
    folders = list(_with_finalised_flag(folders))
    return _nest(folders, lambda f: f.parent_folder_id,
                 lambda f, parent_path: folder_node(f, f"{parent_path}|fo:{f.label}" if parent_path
                                                    else f"fo:{f.label}", False))


def _classifier_path(classifier, parent_path):
    return f"{parent_path}|cl:{classifier.label}" if parent_path else f"cl:{classifier.label}"


def classifier_tree(*, user):
    """Classifiers are virtual containers: their tree is every readable classifier, nested."""
    classifiers = list(readable_classifiers(user, m.Classifier.objects.all()))
    return _nest(classifiers, lambda c: c.parent_classifier_id,
                 lambda c, parent_path: classifier_node(c, _classifier_path(c, parent_path), False))


def get_container(*, user, container_class, container_id):
    if container_class is m.Classifier:
        return get_readable(readable_classifiers, user, m.Classifier.objects.all(), container_id, "Classifier")
    return get_readable(readable_folders, user, m.Folder.objects.all(), container_id, "Folder")


def folder_children(*, user, folder, options):
    """`GET /api/tree/folders/{id}`: the folder's sub-folders, then its models."""
    folder_path = FolderIndex().path(folder)
    sub_folders = _with_folder_flags(visible_folders(user, options).filter(parent_folder=folder), user, options)
    nodes = [folder_node(f, f"{folder_path}|fo:{f.label}", f.has_child_folders or f.has_models)
             for f in sub_folders]
    nodes += _listed_model_nodes(_with_model_flags(visible_models(user, options).filter(folder=folder)))
    return sort_containers_and_models(nodes)


def classifier_children(*, user, classifier):
    """`GET /api/tree/classifiers/{id}`: the classifier's direct sub-classifiers."""
    readable = readable_classifiers(user, m.Classifier.objects.all())
    children = readable.filter(parent_classifier=classifier).annotate(
        has_children=Exists(readable_classifiers(user, m.Classifier.objects.filter(parent_classifier=OuterRef("pk")))))
    rows = {pk: (label, parent) for pk, label, parent in
            m.Classifier.objects.values_list("pk", "label", "parent_classifier_id")}
    chain, current = [], classifier.pk
    while current in rows and len(chain) <= len(rows):
        chain.append(rows[current][0])
        current = rows[current][1]
    parent_path = "|".join(f"cl:{label}" for label in reversed(chain))
    return sort_containers_and_models(classifier_node(c, f"{parent_path}|cl:{c.label}", c.has_children)
                                      for c in children)


# --- catalogue items ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemKind:
    """What a `{catalogueItemDomainType}` URL segment names: its class, a filter on it and its 404 resource name."""

    cls: type
    resource: str
    filters: dict = field(default_factory=dict)


_MODELS_WITH_FLAGS = {}


def get_model(*, user, kind, model_id):
    filters = tuple(sorted(kind.filters.items()))
    query = _MODELS_WITH_FLAGS.get(filters)
    if query is None:
        query = _MODELS_WITH_FLAGS[filters] = PreparedQuery(
            lambda: m.CatalogueModel.objects.all(),
            lambda models, pk: _with_model_flags(models.filter(**kind.filters, pk=pk)).order_by()[:1])
    found = query.first_readable(readable_models, user, pk=model_id) if model_id is not None else None
    if found is None:
        raise NotFound(kind.resource, model_id)
    return found


_ITEM_RELATIONS = {
    m.DataClass: ("model__folder",),
    m.DataElement: ("model__folder",),
    m.DataType: ("model__folder",),
    m.EnumerationValue: ("model__folder", "data_type"),
    m.Term: ("model__folder",),
    m.TermRelationshipType: ("model__folder",),
    m.TermRelationship: ("model__folder", "source_term"),
}


def get_catalogue_item(*, user, kind, item_id):
    """The item named by `{ciType}/{ciId}`, if the caller may read it (else that kind's 404)."""
    if kind.cls in CONTAINER_CLASSES:
        return get_container(user=user, container_class=kind.cls, container_id=item_id)
    if kind.cls is m.CatalogueModel:
        return get_model(user=user, kind=kind, model_id=item_id)
    items = kind.cls.objects.filter(**kind.filters).select_related(*_ITEM_RELATIONS[kind.cls])
    if kind.cls is m.DataClass:
        items = items.annotate(has_child_classes=Exists(m.DataClass.objects.filter(parent_data_class=OuterRef("pk"))))
    return get_readable(readable_items, user, items, item_id, kind.resource)


def _class_nodes(classes, *, model, parent_path, parent_id):
    return [item_node(c, model=model, path=f"{parent_path}|dc:{c.label}", has_children=c.has_child_classes,
                      parent_id=parent_id) for c in classes]


def _classes_with_flags(queryset):
    return queryset.annotate(has_child_classes=Exists(m.DataClass.objects.filter(parent_data_class=OuterRef("pk"))))


_ROOT_CLASSES = PreparedQuery(lambda: m.DataClass.objects.all(), lambda classes, model: _classes_with_flags(
    classes.filter(model_id=model, parent_data_class__isnull=True)))
_CHILD_CLASSES = PreparedQuery(lambda: m.DataClass.objects.all(), lambda classes, model, parent: _classes_with_flags(
    classes.filter(model_id=model, parent_data_class_id=parent)))


def item_children(*, user, item, options):
    """`GET /api/tree/{containerType}/{ciType}/{ciId}`: a model's root classes, a class's child classes.

    Elements, data types and enumeration values are not tree nodes outside the full model tree: their
    children are always empty.
    """
    if isinstance(item, m.Folder):
        return folder_children(user=user, folder=item, options=options)
    if isinstance(item, m.Classifier):
        return classifier_children(user=user, classifier=item)
    if isinstance(item, m.CatalogueModel) and item.model_domain_type == m.ModelDomainType.TERMINOLOGY:
        return sort_items(_term_nodes(item, None)) if terminologies.is_hierarchy(item) else []
    if isinstance(item, m.Term):
        return sort_items(_term_nodes(item.model, item)) if terminologies.is_hierarchy(item.model) else []
    if isinstance(item, m.CatalogueModel):
        classes = _ROOT_CLASSES.objects(model=item.pk)
        return sort_items(_class_nodes(classes, model=item, parent_path=model_path_segment(item), parent_id=None))
    if isinstance(item, m.DataClass):
        model = item.model
        classes = _CHILD_CLASSES.objects(model=model.pk, parent=item.pk)
        path = Locator(models=[model]).path(item)
        return sort_items(_class_nodes(classes, model=model, parent_path=path, parent_id=item.pk))
    return []


def _term_nodes(model, parent):
    """One level of a terminology's term tree (`catalogue.selectors.terminologies.tree_terms`) as tree nodes."""
    return [item_node(term, model=model, path=terminologies.term_path(model, term), has_children=term.is_parent,
                      parent_id=parent.pk if parent is not None else None)
            for term in terminologies.tree_terms(model, parent)]


def term_tree(*, model, parent=None):
    """`GET /api/terminologies/{id}/terms/tree[/{termId}]`: one level of the term tree, in Mauro's item order;
    a terminology that is not a hierarchy is a 400."""
    terminologies.require_hierarchy(model)
    return sort_items(_term_nodes(model, parent))


# --- ancestors ---------------------------------------------------------------------------------------------

def _model_item_chain(item):
    """Nodes from the model's first item down to `item`, each expanded with only the next one."""
    model = item.model
    model_segment = model_path_segment(model)
    if isinstance(item, m.DataClass | m.DataElement):
        locator = Locator(models=[model])
        locator.preload([model.pk])
        class_chain = locator.class_chain(item.pk if isinstance(item, m.DataClass) else item.data_class_id)
        if isinstance(item, m.DataClass):
            class_chain = class_chain[:-1]
        path, parent_id, nodes = model_segment, None, []
        for class_id, label in class_chain:
            path = f"{path}|dc:{label}"
            nodes.append(TreeNode(ITEM, class_id, "DataClass", label, path, True, model, model_id=model.pk,
                                  parent_id=parent_id))
            parent_id = class_id
        has_children = bool(getattr(item, "has_child_classes", False))
        nodes.append(item_node(item, model=model, path=f"{path}|{item.path_prefix}:{item.label}",
                               has_children=has_children, parent_id=parent_id))
        return nodes
    if isinstance(item, m.EnumerationValue):
        data_type = item.data_type
        type_path = f"{model_segment}|dt:{data_type.label}"
        return [item_node(data_type, model=model, path=type_path, has_children=True),
                item_node(item, model=model, path=f"{type_path}|ev:{item.label}", parent_id=data_type.pk)]
    return [item_node(item, model=model,
                      path=f"{model_segment}|{item.path_prefix}:{getattr(item, 'path_identifier', item.label)}")]


def _link(nodes):
    """Expand each node with only the next one; returns the first."""
    for parent, child in zip(nodes, nodes[1:], strict=False):
        parent.expand([child])
    return nodes[0]


def _folder_chain_nodes(*, user, folder_id, index, last_has_children):
    """Readable folders from the root down to `folder_id`; stops above the first folder the caller cannot read."""
    chain = index.chain(folder_id)
    readable = {f.pk: f for f in _with_finalised_flag(readable_folders(user, m.Folder.objects.filter(pk__in=chain)))}
    shown = []
    for pk in reversed(chain):
        if pk not in readable:
            break
        shown.append(readable[pk])
    shown.reverse()
    nodes = []
    for folder in shown:
        node = folder_node(folder, index.path_of(folder.pk), True)
        if node.parent_id not in readable:
            node.parent_id = None  # the parent is hidden from the caller: its id is not shown either
        nodes.append(node)
    if nodes and last_has_children is not None:
        nodes[-1].has_children = last_has_children
    return nodes


def ancestors(*, user, container_class, item, options):
    """`…/{ciType}/{ciId}/ancestors`: the chain from the root folder down to the item, each level expanded
    with only the next level; the item itself is not expanded."""
    if container_class is not m.Folder or isinstance(item, m.Classifier):
        raise BadRequest("Ancestors are only available for folders, models and model items in the folder tree",
                         error_code="TII03")
    index = FolderIndex()
    if isinstance(item, m.Folder):
        flagged = _with_folder_flags(m.Folder.objects.filter(pk=item.pk), user, options).first()
        nodes = _folder_chain_nodes(user=user, folder_id=item.pk, index=index,
                                    last_has_children=flagged.has_child_folders or flagged.has_models)
        return _link(nodes)
    if isinstance(item, m.CatalogueModel):
        model, inner = item, []
    else:
        model = _with_model_flags(m.CatalogueModel.objects.filter(pk=item.model_id)).get()
        inner = _model_item_chain(item)
    top = model_node(model, has_children=model.has_classes or bool(inner),
                     superseded=model.document_superseded or model.model_superseded)
    folders = _folder_chain_nodes(user=user, folder_id=model.folder_id, index=index, last_has_children=None)
    return _link([*folders, top, *inner])


def container_ancestors(*, user, container, options):
    """`…/{containerType}/{containerId}/ancestors`: a folder's chain from its root folder down (as the folder
    form of the item route answers), or a classifier's from its root classifier down; the container itself is
    not expanded."""
    if isinstance(container, m.Folder):
        return ancestors(user=user, container_class=m.Folder, item=container, options=options)
    rows = {pk: (label, parent) for pk, label, parent in
            m.Classifier.objects.values_list("pk", "label", "parent_classifier_id")}
    chain, current = [], container.pk
    while current in rows and current not in chain:
        chain.append(current)
        current = rows[current][1]
    chain.reverse()
    readable = {c.pk: c for c in readable_classifiers(user, m.Classifier.objects.filter(pk__in=chain))}
    shown = []
    for pk in reversed(chain):  # stop above the first classifier the caller cannot read
        if pk not in readable:
            break
        shown.append(readable[pk])
    shown.reverse()
    has_children = readable_classifiers(user, m.Classifier.objects.filter(parent_classifier=container)).exists()
    nodes, path = [], None
    for classifier in shown:
        path = _classifier_path(classifier, path)
        node = classifier_node(classifier, path, True)
        if node.parent_id not in readable:
            node.parent_id = None
        nodes.append(node)
    nodes[-1].has_children = has_children
    return _link(nodes)


# --- the whole model ---------------------------------------------------------------------------------------

def full_model_tree(*, user, model):
    """`GET /api/tree/full/{modelType}/{id}`: the model with its classes nested (child classes and elements)
    and its data types (enumeration types with their values). Five queries whatever the model's size."""
    segment = model_path_segment(model)
    model_id = str(model.pk)
    # Ids become strings once, here: they are dictionary keys below and strings in the JSON anyway.
    classes = [(str(pk), label, str(parent) if parent else None, index) for pk, label, parent, index in
               m.DataClass.objects.filter(model=model).values_list("pk", "label", "parent_data_class_id", "index")]
    elements = ((str(pk), label, str(owner), index) for pk, label, owner, index in
                m.DataElement.objects.filter(model=model).values_list("pk", "label", "data_class_id", "index"))
    types = [(str(pk), label, kind, index) for pk, label, kind, index in
             m.DataType.objects.filter(model=model).values_list("pk", "label", "kind", "index")]
    values = ((str(pk), key, str(owner), index) for pk, key, owner, index in
              m.EnumerationValue.objects.filter(model=model).values_list("pk", "key", "data_type_id", "index"))

    class_rows = {pk: (label, parent) for pk, label, parent, _ in classes}
    class_paths = {}

    def class_path(pk):
        if pk not in class_paths:
            chain, current = [], pk
            while current in class_rows and len(chain) <= len(class_rows):
                chain.append(class_rows[current][0])
                current = class_rows[current][1]
            class_paths[pk] = "|".join([segment, *(f"dc:{label}" for label in reversed(chain))])
        return class_paths[pk]

    children = {}
    for pk, label, data_class_id, index in elements:
        if data_class_id in class_rows:
            children.setdefault(data_class_id, []).append(
                TreeNode(ITEM, pk, "DataElement", label, f"{class_path(data_class_id)}|de:{label}", False, model,
                         model_id=model_id, parent_id=data_class_id, index=index))
    type_labels = {pk: label for pk, label, _, _ in types}
    for pk, key, data_type_id, index in values:
        if data_type_id in type_labels:
            children.setdefault(data_type_id, []).append(
                TreeNode(ITEM, pk, "EnumerationValue", key, f"{segment}|dt:{type_labels[data_type_id]}|ev:{key}",
                         False, model, model_id=model_id, parent_id=data_type_id, index=index))
    expandable = {}
    for pk, label, parent, index in classes:
        expandable[pk] = TreeNode(ITEM, pk, "DataClass", label, class_path(pk), False, model, model_id=model_id,
                                  parent_id=parent if parent in class_rows else None, index=index)
    roots = []
    for pk, node in expandable.items():
        parent = class_rows[pk][1]
        (children.setdefault(parent, []) if parent in class_rows else roots).append(node)
    for pk, label, kind, index in types:
        node = TreeNode(ITEM, pk, kind, label, f"{segment}|dt:{label}", False, model, model_id=model_id, index=index)
        roots.append(node)
        expandable[pk] = node

    # Deepest first, so a class's hasChildren is known before it is sorted among its siblings.
    for pk in _deepest_first(class_rows, expandable):
        expandable[pk].expand(sort_items(children.get(pk, [])))
    return model_node(model, has_children=bool(roots),
                      superseded=bool(model.document_superseded or model.model_superseded)).expand(sort_items(roots))


def _deepest_first(class_rows, nodes):
    def depth(pk):
        level = 0
        while pk in class_rows and class_rows[pk][1] in class_rows and level <= len(class_rows):
            pk, level = class_rows[pk][1], level + 1
        return level

    return sorted(nodes, key=depth, reverse=True)


# --- search ------------------------------------------------------------------------------------------------

#: `domainType` values the tree search understands, and what each searches (no value: models and classes).
SEARCHED_ITEMS = {
    None: (m.DataClass, {}),
    "DataClass": (m.DataClass, {}),
    "DataElement": (m.DataElement, {}),
    "DataType": (m.DataType, {}),
    **{kind: (m.DataType, {"kind": kind}) for kind in m.DataTypeKind.values},
}


def search_tree(*, user, term, domain_type, options):
    """`GET /api/tree/folders/search/{term}`: folders whose label matches, and models and items whose label
    matches wrapped in their folders (each level expanded down to the matches). Labels match case-insensitively
    anywhere; `domain_type` narrows the search to one kind (`Folder`, `DataModel`, `DataClass`, ...)."""
    term = (term or "").strip()
    if not term:
        return []
    folders = {f.pk: f for f in _with_finalised_flag(visible_folders(user, options))}
    index = FolderIndex()
    matched_folder_ids = ({pk for pk, f in folders.items() if term.lower() in f.label.lower()}
                          if domain_type in (None, "Folder") else set())
    model_nodes = _search_models(user=user, term=term, domain_type=domain_type, options=options)

    children = {}
    for node in model_nodes:
        children.setdefault(node.source.folder_id, []).append(node)
    keep = set()
    for folder_id in set(children) | matched_folder_ids:
        keep.update(pk for pk in index.chain(folder_id))
    keep &= set(folders)

    kept_children = {}
    for pk in keep:
        kept_children.setdefault(folders[pk].parent_folder_id, []).append(pk)

    def build(folder_id):
        node = folder_node(folders[folder_id], index.path_of(folder_id), False)
        nested = [build(pk) for pk in kept_children.get(folder_id, [])]
        return node.expand(sort_containers_and_models(nested + children.get(folder_id, [])))

    nodes = []
    for pk in keep:
        if folders[pk].parent_folder_id not in keep:
            node = build(pk)
            node.parent_id = None  # its parent is not shown (hidden, or not on the way to a match)
            nodes.append(node)
    return sort_containers_and_models(nodes)


def search_classifiers(*, user, term):
    """`GET /api/tree/classifiers/search/{term}`: matching classifiers with the classifiers above them."""
    term = (term or "").strip()
    if not term:
        return []
    readable = {c.pk: c for c in readable_classifiers(user, m.Classifier.objects.all())}
    keep = set()
    for pk, classifier in readable.items():
        if term.lower() in classifier.label.lower():
            while pk in readable and pk not in keep:
                keep.add(pk)
                pk = readable[pk].parent_classifier_id
    return _nest([readable[pk] for pk in keep], lambda c: c.parent_classifier_id,
                 lambda c, parent_path: classifier_node(c, _classifier_path(c, parent_path), False))


def _search_models(*, user, term, domain_type, options):
    """Model nodes for matching models, each expanded down to its matching items."""
    models = visible_models(user, options)
    matched_models = list(_with_model_flags(models.filter(label__icontains=term))) if domain_type in (
        None, "DataModel") else []
    items, classes = [], {}
    if domain_type in SEARCHED_ITEMS:
        cls, filters = SEARCHED_ITEMS[domain_type]
        items = list(cls.objects.filter(model__in=models, label__icontains=term, **filters)
                     .values_list("pk", "label", "index", "model_id", *_SEARCH_PARENT[cls]))
    by_id = {model.pk: model for model in matched_models}
    missing = {row[3] for row in items} - set(by_id)
    if missing:
        by_id.update({model.pk: model for model in _with_model_flags(m.CatalogueModel.objects.filter(pk__in=missing))})
    if items and cls in (m.DataClass, m.DataElement):
        classes = {pk: (label, parent, index, model_id) for pk, label, parent, index, model_id in
                   m.DataClass.objects.filter(model_id__in={row[3] for row in items})
                   .values_list("pk", "label", "parent_data_class_id", "index", "model_id")}

    nodes, children = {}, {}

    def class_node(pk):
        """The node of an ancestor class, made once and hooked under its own parent."""
        if pk not in nodes:
            label, parent, index, model_id = classes[pk]
            model = by_id[model_id]
            nodes[pk] = TreeNode(ITEM, pk, "DataClass", label, "", False, model, model_id=model_id,
                                 parent_id=parent, index=index)
            children.setdefault(class_node(parent).id if parent in classes else model_id, []).append(nodes[pk])
        return nodes[pk]

    for row in items:
        pk, label, index, model_id = row[:4]
        model = by_id[model_id]
        if cls is m.DataClass:
            class_node(pk)
        elif cls is m.DataElement:
            node = TreeNode(ITEM, pk, "DataElement", label, "", False, model, model_id=model_id, parent_id=row[4],
                            index=index)
            nodes[pk] = node
            children.setdefault(class_node(row[4]).id, []).append(node)
        else:
            nodes[pk] = TreeNode(ITEM, pk, row[4], label, "", False, model, model_id=model_id, index=index)
            children.setdefault(model_id, []).append(nodes[pk])

    model_nodes = []
    for model in by_id.values():
        node = model_node(model, has_children=False, superseded=model.document_superseded or model.model_superseded)
        _expand_found(node, children, model_path_segment(model))
        model_nodes.append(node)
    return model_nodes


_SEARCH_PARENT = {m.DataClass: (), m.DataElement: ("data_class_id",), m.DataType: ("kind",)}
_PREFIX = {"DataClass": "dc", "DataElement": "de"}


def _expand_found(node, children, path):
    """Expand `node` with what was found under it, filling in paths on the way down."""
    found = children.get(node.id, [])
    for child in found:
        child.path = f"{path}|{_PREFIX.get(child.domain_type, 'dt')}:{child.label}"
        child.parent_id = node.id if node.kind == ITEM else None
        _expand_found(child, children, child.path)
    node.expand(sort_items(found))
