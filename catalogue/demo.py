"""The small demo catalogue that `manage.py bootstrap` (and so `make run`) loads, so a newcomer sees something.

A public folder `Demo` with two data models, a patient record standard and a clinic attendance dataset,
each with nested classes, primitive and enumeration types, elements and metadata. Everything is
written with bulk inserts (a handful of statements per table) in one transaction.
"""

import uuid

from django.conf import settings
from django.db import transaction

from catalogue import models as m
from catalogue.services.edits import record_edits

DEMO_FOLDER = "Demo"
DEMO_CLASSIFIER = "Demo content"
NAMESPACE = "org.example.demo"

#: Types: (label, kind, units or enumeration values [(key, value)]).
#: Classes: (label, description, [elements: (label, type label, min, max)], [child classes]).
DEMO_MODELS = [
    {
        "label": "Demo Patient Record Standard",
        "type": m.DataModelType.DATA_STANDARD,
        "description": "What a patient record holds: who the patient is, how to reach them, and their encounters.",
        "author": "Demo Author",
        "organisation": "Example Health",
        "metadata": [("status", "Demonstration only"), ("contact", "standards@example.org")],
        "types": [
            ("Text", m.DataTypeKind.PRIMITIVE, None),
            ("Date", m.DataTypeKind.PRIMITIVE, None),
            ("Integer", m.DataTypeKind.PRIMITIVE, None),
            ("Gender", m.DataTypeKind.ENUMERATION, [("1", "Male"), ("2", "Female"), ("9", "Not stated")]),
            ("Ethnic Category", m.DataTypeKind.ENUMERATION,
             [("A", "White - British"), ("H", "Asian - Indian"), ("M", "Black - Caribbean"), ("Z", "Not stated")]),
        ],
        "classes": [
            ("Patient", "A person receiving care.", [
                ("NHS Number", "Text", 1, 1), ("Date of Birth", "Date", 1, 1), ("Gender", "Gender", 0, 1),
                ("Ethnic Category", "Ethnic Category", 0, 1),
            ], [
                ("Address", "Where the patient lives.", [
                    ("Line 1", "Text", 1, 1), ("Town", "Text", 0, 1), ("Postcode", "Text", 1, 1),
                ], []),
                ("Contact", "How to reach the patient.", [
                    ("Telephone", "Text", 0, -1), ("Email", "Text", 0, 1),
                ], []),
            ]),
            ("Encounter", "A meeting between the patient and a clinician.", [
                ("Encounter Date", "Date", 1, 1), ("Duration", "Integer", 0, 1),
            ], [
                ("Diagnosis", "What was found.", [("Diagnosis Code", "Text", 1, 1), ("Rank", "Integer", 0, 1)], []),
            ]),
        ],
    },
    {
        "label": "Demo Clinic Attendance Dataset",
        "type": m.DataModelType.DATA_ASSET,
        "description": "Attendances at outpatient clinics, as collected by the example trust.",
        "author": "Demo Data Team",
        "organisation": "Example Trust",
        "metadata": [("status", "Demonstration only"), ("refresh", "Monthly")],
        "types": [
            ("Text", m.DataTypeKind.PRIMITIVE, None),
            ("Date Time", m.DataTypeKind.PRIMITIVE, None),
            ("Minutes", m.DataTypeKind.PRIMITIVE, "minutes"),
            ("Attendance Outcome", m.DataTypeKind.ENUMERATION,
             [("1", "Discharged"), ("2", "Follow-up booked"), ("3", "Did not attend")]),
        ],
        "classes": [
            ("Clinic", "An outpatient clinic.", [("Clinic Code", "Text", 1, 1), ("Clinic Name", "Text", 1, 1)], []),
            ("Attendance", "One visit to a clinic.", [
                ("Patient Reference", "Text", 1, 1), ("Arrival", "Date Time", 1, 1),
                ("Outcome", "Attendance Outcome", 1, 1),
            ], [
                ("Procedure", "Something done during the visit.", [
                    ("Procedure Code", "Text", 1, 1), ("Duration", "Minutes", 0, 1),
                ], []),
            ]),
        ],
    },
]


def _metadata(model, item, domain_type, pairs, owner):
    return [m.Metadata(model=model, catalogue_item_domain_type=domain_type, catalogue_item_id=item.pk,
                       namespace=NAMESPACE, key=key, value=value, created_by=owner) for key, value in pairs]


def _build_model(spec, *, folder, authority, owner, rows):
    model = m.DataModel(id=uuid.uuid4(), label=spec["label"], folder=folder, authority=authority,
                        model_type=spec["type"], description=spec["description"], author=spec["author"],
                        organisation=spec["organisation"], created_by=owner,
                        model_domain_type=m.ModelDomainType.DATA_MODEL)
    rows["models"].append(model)
    rows["metadata"] += _metadata(model, model, "DataModel", spec["metadata"], owner)
    types = {}
    for index, (label, kind, extra) in enumerate(spec["types"]):
        data_type = m.DataType(id=uuid.uuid4(), model=model, label=label, kind=kind, index=index, created_by=owner,
                               units=extra if isinstance(extra, str) else None)
        types[label] = data_type
        rows["types"].append(data_type)
        if kind == m.DataTypeKind.ENUMERATION:
            rows["values"] += [m.EnumerationValue(model=model, data_type=data_type, key=key, label=key, value=value,
                                                  index=n, created_by=owner) for n, (key, value) in enumerate(extra)]

    def add_classes(class_specs, parent):
        for index, (label, description, elements, children) in enumerate(class_specs):
            data_class = m.DataClass(id=uuid.uuid4(), model=model, label=label, description=description, index=index,
                                     parent_data_class=parent, created_by=owner, min_multiplicity=1,
                                     max_multiplicity=-1 if parent is None else 1)
            rows["classes"].append(data_class)
            for n, (element_label, type_label, low, high) in enumerate(elements):
                element = m.DataElement(id=uuid.uuid4(), model=model, data_class=data_class, label=element_label,
                                        data_type=types[type_label], index=n, min_multiplicity=low,
                                        max_multiplicity=high, created_by=owner)
                rows["elements"].append(element)
                rows["metadata"] += _metadata(model, element, "DataElement",
                                              [("mandatory", "yes" if low else "no")], owner)
            add_classes(children, data_class)

    add_classes(spec["classes"], None)
    return model


@transaction.atomic
def ensure_demo_catalogue():
    """Load the demo content unless its folder is already there; returns True when it was loaded now."""
    if m.Folder.objects.filter(parent_folder__isnull=True, label=DEMO_FOLDER).exists():
        return False
    owner = settings.BOOTSTRAP_ADMIN_EMAIL
    authority = m.Authority.default()
    folder = m.Folder.objects.create(label=DEMO_FOLDER, readable_by_everyone=True, created_by=owner,
                                     description="Example content to explore; safe to delete.")
    taken = set(m.CatalogueModel.objects.filter(authority=authority, branch_name=m.DEFAULT_BRANCH, finalised=False,
                                                label__in=[s["label"] for s in DEMO_MODELS])
                .values_list("label", flat=True))
    rows = {"models": [], "types": [], "values": [], "classes": [], "elements": [], "metadata": []}
    for spec in DEMO_MODELS:
        if spec["label"] not in taken:
            _build_model(spec, folder=folder, authority=authority, owner=owner, rows=rows)
    m.CatalogueModel.objects.bulk_create(rows["models"])
    m.DataType.objects.bulk_create(rows["types"])
    m.EnumerationValue.objects.bulk_create(rows["values"])
    m.DataClass.objects.bulk_create(rows["classes"])  # parents precede their children in the list
    m.DataElement.objects.bulk_create(rows["elements"])
    m.Metadata.objects.bulk_create(rows["metadata"])
    classifier, _ = m.Classifier.objects.get_or_create(
        label=DEMO_CLASSIFIER, defaults={"readable_by_everyone": True, "created_by": owner})
    m.ClassifierLink.objects.bulk_create([
        m.ClassifierLink(classifier=classifier, catalogue_item_domain_type="DataModel", catalogue_item_id=x.pk,
                         model=x, created_by=owner) for x in rows["models"]])
    from accounts.models import User

    record_edits(items=[folder, *rows["models"]], user=User.objects.filter(email_address=owner).first(),
                 title=m.EditTitle.CREATE, description_for=lambda item: f"[{item.domain_type}:{item.label}] created")
    return True
