"""Data model JSON in Mauro's shapes (index and show), importable by every area that shows a model.

`data_model_json(model, user=..., full=True)` for one model, `data_models_json(models, user=...)` for a
page: classifiers and classifier paths are loaded for the page at once; select `folder` and `authority`
with the models (the `readable_data_models` selector does) so roles and authorities cost no query.
"""

from accounts.access import model_actions
from catalogue.api.serializers_containers import authority_json, classifier_json
from catalogue.selectors.containers import classifier_paths
from catalogue.selectors.datamodels import classifiers_by_item
from catalogue.selectors.paths import model_path_segment
from config.api.serializers import mauro_datetime


def _classifiers_json(classifiers, paths, user):
    return [classifier_json(c, user=user, full=False, path=paths.get(c.pk)) for c in classifiers]


def data_model_json(model, *, user, full=True, classifiers=None, classifier_path_map=None):
    """One model. Pass `classifiers` (a list) when already loaded, else they are fetched (one query)."""
    if classifiers is None:
        classifiers = classifiers_by_item([model.pk], user=user).get(model.pk, [])
    if classifier_path_map is None:
        classifier_path_map = classifier_paths(classifiers) if classifiers else {}
    data = {
        "id": str(model.pk),
        "domainType": model.model_domain_type,
        "label": model.label,
        "path": model_path_segment(model),
        "type": model.model_type or None,
        "branchName": model.branch_name,
        "documentationVersion": model.documentation_version,
    }
    if model.model_version:
        data["modelVersion"] = model.model_version
    if model.model_version_tag:
        data["modelVersionTag"] = model.model_version_tag
    if classifiers:
        data["classifiers"] = _classifiers_json(classifiers, classifier_path_map, user)
    if model.deleted:
        data["deleted"] = True
    if model.author:
        data["author"] = model.author
    if model.organisation:
        data["organisation"] = model.organisation
    if model.description:
        data["description"] = model.description
    if model.aliases:
        data["aliases"] = model.aliases
    if full:
        data["availableActions"] = model_actions(user, model)
        data["lastUpdated"] = mauro_datetime(model.last_updated)
        data["finalised"] = model.finalised
        data["readableByEveryone"] = model.readable_by_everyone
        data["readableByAuthenticatedUsers"] = model.readable_by_authenticated_users
        if model.finalised and model.date_finalised:
            data["dateFinalised"] = mauro_datetime(model.date_finalised)
        data["authority"] = {k: v for k, v in authority_json(model.authority).items() if k != "description"}
    return data


def data_models_json(models, *, user, full=False):
    """A page of models with a fixed number of queries (classifiers: one, plus one per nesting level)."""
    models = list(models)
    grouped = classifiers_by_item([x.pk for x in models], user=user)
    all_classifiers = {c.pk: c for group in grouped.values() for c in group}
    path_map = classifier_paths(list(all_classifiers.values())) if all_classifiers else {}
    return [data_model_json(x, user=user, full=full, classifiers=grouped.get(x.pk, []), classifier_path_map=path_map)
            for x in models]
