"""Small builders for catalogue content in tests (bulk, so big models are cheap to make)."""

from accounts.access import grant_creator
from catalogue import models as m


def make_folder(label="Folder", *, user=None, parent=None, **fields):
    """A folder; with `user`, made as that user would make it (creator's container_admin grant)."""
    folder = m.Folder.objects.create(label=label, parent_folder=parent,
                                     created_by=user.email_address if user else "", **fields)
    if user is not None:
        grant_creator(user=user, resource=folder)
    return folder


def make_data_model(label="Model", *, folder=None, user=None, **fields):
    folder = folder or make_folder(f"{label} folder", user=user)
    model = m.DataModel.objects.create(label=label, folder=folder, authority=m.Authority.default(),
                                       model_type=m.DataModelType.DATA_STANDARD,
                                       created_by=user.email_address if user else "", **fields)
    if user is not None:
        grant_creator(user=user, resource=model)
    return model


def populate_model(model, *, classes=3, elements_per_class=5, enumerations=2, values_per_enum=3, metadata=1):
    """Fill a model in bulk: a primitive type, enumerations, classes (one nested) and elements with metadata."""
    primitive = m.DataType.objects.create(model=model, label="string", kind=m.DataTypeKind.PRIMITIVE, index=0)
    enums = m.DataType.objects.bulk_create([
        m.DataType(model=model, label=f"enum {n}", kind=m.DataTypeKind.ENUMERATION, index=n + 1)
        for n in range(enumerations)])
    m.EnumerationValue.objects.bulk_create([
        m.EnumerationValue(model=model, data_type=e, key=f"K{v}", label=f"K{v}", value=f"Value {v}", index=v)
        for e in enums for v in range(values_per_enum)])
    roots = m.DataClass.objects.bulk_create([
        m.DataClass(model=model, label=f"class {n}", index=n) for n in range(classes)])
    child = m.DataClass.objects.create(model=model, label="nested", parent_data_class=roots[0], index=0)
    elements = m.DataElement.objects.bulk_create([
        m.DataElement(model=model, data_class=c, data_type=primitive if e % 2 else (enums[0] if enums else primitive),
                      label=f"element {e}", index=e)
        for c in [*roots, child] for e in range(elements_per_class)])
    m.Metadata.objects.bulk_create([
        m.Metadata(model=model, catalogue_item_domain_type="DataElement", catalogue_item_id=el.pk,
                   namespace="test", key=f"k{k}", value="v") for el in elements for k in range(metadata)])
    return model


def make_classifier(label="Classifier", *, user=None, parent=None, **fields):
    """A classifier; with `user`, made as that user would make it (creator's container_admin grant)."""
    classifier = m.Classifier.objects.create(label=label, parent_classifier=parent,
                                             created_by=user.email_address if user else "", **fields)
    if user is not None:
        grant_creator(user=user, resource=classifier)
    return classifier


def make_data_class(model, label="Class", *, parent=None, index=None, **fields):
    siblings = m.DataClass.objects.filter(model=model, parent_data_class=parent)
    index = siblings.count() if index is None else index
    return m.DataClass.objects.create(model=model, parent_data_class=parent, label=label, index=index, **fields)


def make_data_type(model, label="string", *, kind=m.DataTypeKind.PRIMITIVE, index=None, values=(), **fields):
    """A type of `model`; `values` (keys) make enumeration values, the value text being `Value <key>`."""
    index = m.DataType.objects.filter(model=model).count() if index is None else index
    data_type = m.DataType.objects.create(model=model, label=label, kind=kind, index=index, **fields)
    m.EnumerationValue.objects.bulk_create([
        m.EnumerationValue(model=model, data_type=data_type, key=key, label=key, value=f"Value {key}", index=n)
        for n, key in enumerate(values)])
    return data_type


def make_data_element(data_class, label="Element", *, data_type, index=None, **fields):
    index = m.DataElement.objects.filter(data_class=data_class).count() if index is None else index
    return m.DataElement.objects.create(model_id=data_class.model_id, data_class=data_class, data_type=data_type,
                                        label=label, index=index, **fields)


def make_terminology(label="Terminology", *, folder=None, user=None, kind=m.ModelDomainType.TERMINOLOGY, **fields):
    """A terminology (or with `kind`, a code set); with `user`, made as that user would make it (editor grant)."""
    folder = folder or make_folder(f"{label} folder", user=user)
    model_class = m.Terminology if kind == m.ModelDomainType.TERMINOLOGY else m.CodeSet
    model = model_class.objects.create(label=label, folder=folder, authority=m.Authority.default(), model_type=kind,
                                       created_by=user.email_address if user else "", **fields)
    if user is not None:
        grant_creator(user=user, resource=model)
    return model


def make_code_set(label="Code set", *, folder=None, user=None, **fields):
    return make_terminology(label, folder=folder, user=user, kind=m.ModelDomainType.CODE_SET, **fields)


def make_terms(terminology, codes):
    """Terms in bulk, `code: Definition of code` each."""
    return m.Term.objects.bulk_create([
        m.Term(model=terminology, code=code, definition=f"Definition of {code}",
               label=m.term_label(code, f"Definition of {code}")) for code in codes])


def make_relationship_type(terminology, label="broaderThan", *, parental=False, child=False):
    return m.TermRelationshipType.objects.create(model=terminology, label=label, display_label=label,
                                                 parental_relationship=parental, child_relationship=child)


def make_relationship(relationship_type, source, target):
    return m.TermRelationship.objects.create(model_id=relationship_type.model_id, relationship_type=relationship_type,
                                            source_term=source, target_term=target, label=relationship_type.label)
