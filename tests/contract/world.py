"""One small catalogue holding an object of every kind the API serves, and the value of every URL segment that names
one, so that the tests walking every route (input rules, response conformance) can fill any URL."""

from accounts.models import ApiProperty, GroupRole, SecurableResourceGroupRole, UserGroup
from accounts.services.apikeys import create_api_key
from catalogue import models as m
from catalogue.providers import exporters, importers
from tests.catalogue.facets_support import make_world
from tests.catalogue.factories import (
    make_classifier,
    make_code_set,
    make_folder,
    make_relationship,
    make_relationship_type,
    make_terminology,
    make_terms,
)


class World:
    def __init__(self, admin):
        self.admin = admin
        base = make_world(admin)
        self.__dict__.update(vars(base))
        self.element.data_class = self.parent
        self.element.save()
        self.child_folder = make_folder("Child", user=admin, parent=self.folder)
        self.child_classifier = make_classifier("Child tag", user=admin, parent=self.classifier)
        self.authority = m.Authority.objects.create(label="Other authority", url="http://authority.example")
        facet = {"catalogue_item_domain_type": "DataModel", "catalogue_item_id": self.model.pk, "model": self.model,
                 "created_by": admin.email_address}
        self.metadata = m.Metadata.objects.create(namespace="ns", key="key", value="value", **facet)
        self.annotation = m.Annotation.objects.create(label="Question", description="?",
                                                      created_by_user=admin, **facet)
        self.link = m.SemanticLink.objects.create(link_type="Refines", target_domain_type="DataClass",
                                                  target_id=self.parent.pk, **facet)
        self.file = m.ReferenceFile.objects.create(file_name="f.txt", file_type="text/plain", file_size=1,
                                                   file_contents=b"x", **facet)
        self.rule = m.Rule.objects.create(name="Rule", **facet)
        self.representation = m.RuleRepresentation.objects.create(rule=self.rule, language="sql",
                                                                  representation="select 1")
        self.group = UserGroup.objects.create(name="Curators", created_by=admin.email_address)
        self.group.members.add(admin)
        self.other_group = UserGroup.objects.create(name="Reviewers", created_by=admin.email_address)
        self.reader = GroupRole.objects.get(name="reader")
        self.grant = SecurableResourceGroupRole.objects.create(
            user_group=self.group, group_role=self.reader, securable_resource_domain_type="Folder",
            securable_resource_id=self.folder.pk)
        self.property = ApiProperty.objects.create(key="site.colour", value="blue")
        self.reply = m.Annotation.objects.create(label="Answer", description="!", parent_annotation=self.annotation,
                                                 created_by_user=admin, **facet)
        self.classifier_link = m.ClassifierLink.objects.create(classifier=self.classifier, **facet)
        self.api_key, _ = create_api_key(actor=admin, owner=admin, name="Scripts")
        self.site_admin_role = GroupRole.objects.get(name="site_admin")
        self.exporter, self.importer = exporters()[0], importers()[0]
        self.older_model = m.DataModel.objects.create(label="Older", folder=self.folder, authority=self.model.authority,
                                                      created_by=admin.email_address)
        self.version_link = m.VersionLink.objects.create(source_model=self.model, target_model=self.older_model,
                                                         link_type=m.VersionLinkType.NEW_MODEL_VERSION_OF)
        self.terminology = make_terminology("Codes", folder=self.folder, user=admin)
        self.term, self.other_term = make_terms(self.terminology, ["C1", "C2"])
        self.relationship_type = make_relationship_type(self.terminology, "broaderThan", parental=True)
        self.relationship = make_relationship(self.relationship_type, self.term, self.other_term)
        self.code_set = make_code_set("Chosen", folder=self.folder, user=admin)
        m.CodeSetTerm.objects.create(code_set=self.code_set, term=self.term)

    def segments(self):
        """URL kwarg → the object (or the text) it names, for every route."""
        return {
            "ciType": "dataModels", "ciId": self.model.pk, "metadataId": self.metadata.pk,
            "annotationId": self.annotation.pk, "semanticLinkId": self.link.pk, "referenceFileId": self.file.pk,
            "ruleId": self.rule.pk, "representationId": self.representation.pk,
            "dm": self.model.pk, "dc": self.parent.pk, "dt": self.enum.pk,
            "folder_id": self.folder.pk, "classifier_id": self.classifier.pk, "authority_id": self.authority.pk,
            "model_id": self.model.pk, "user_id": self.admin.pk, "group_id": self.group.pk,
            "property_id": self.property.pk, "resource_type": "folders", "resource_id": self.folder.pk,
            "grant_id": self.grant.pk,
            # read-only routes
            "session_id": self.admin.pk, "search_term": "Boss", "email": self.admin.email_address,
            "key_id": self.api_key.pk, "role_id": self.reader.pk, "modelDomainType": "dataModels",
            "modelId": self.model.pk, "containerDomainType": "folders", "containerId": self.folder.pk,
            "searchTerm": "Owned", "catalogueItemDomainType": "dataClasses", "catalogueItemId": self.parent.pk,
            "child_id": self.child_folder.pk, "domain_type": "dataModels", "path": "dm:Owned$main", "prefix": "ns",
            "replyId": self.reply.pk, "classifierId": self.classifier.pk, "models_segment": "dataModels",
            "kind": "importers", "namespace": self.importer.namespace, "name": self.importer.name,
            "version": self.importer.version, "versionLinkId": self.version_link.pk,
            "terminologyId": self.terminology.pk, "termId": self.term.pk, "codeSetId": self.code_set.pk,
            "termRelationshipTypeId": self.relationship_type.pk, "termRelationshipId": self.relationship.pk,
            # profiles: the data model profile, which applies to the `{ciType}/{ciId}` above (a data model)
            "profileNamespace": "uk.ac.ox.softeng.maurodatamapper.profile",
            "profileName": "ProfileSpecificationProfileService", "profileVersion": "1.0.0",
        }

    def updated(self, route):
        """The object an update route names by its lookup kwarg."""
        model = route.viewset.queryset.model
        pattern = route.pattern
        kind = getattr(route.viewset, "kind", None)
        if model is m.CatalogueModel and kind in (m.ModelDomainType.TERMINOLOGY, m.ModelDomainType.CODE_SET):
            return self.terminology if kind == m.ModelDomainType.TERMINOLOGY else self.code_set
        if model is m.DataClass:
            return self.data_class if "<str:dc>" in pattern else self.parent
        return {m.Folder: self.child_folder if "<str:child_id>" in pattern else self.folder,
                m.Classifier: self.child_classifier if "<str:child_id>" in pattern else self.classifier,
                m.DataElement: self.element, m.DataType: self.string, m.EnumerationValue: self.value,
                m.Authority: self.authority, m.DataModel: self.model, m.CatalogueModel: self.model,
                m.Metadata: self.metadata, m.SemanticLink: self.link, m.ReferenceFile: self.file, m.Rule: self.rule,
                m.RuleRepresentation: self.representation, m.VersionLink: self.version_link,
                UserGroup: self.group, ApiProperty: self.property, m.Term: self.term,
                m.TermRelationshipType: self.relationship_type, m.TermRelationship: self.relationship,
                SecurableResourceGroupRole: self.grant, type(self.admin): self.admin}[model]

    def url(self, route, obj=None):
        path = route.pattern
        values = self.segments()
        if obj is not None:
            values[route.viewset.lookup_url_kwarg] = obj.pk
        for name, value in values.items():
            path = path.replace(f"<str:{name}>", str(value))
        assert "<" not in path, f"no test object for a URL segment of {path}: add it to World.segments"
        return "/" + path


