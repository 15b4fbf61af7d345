"""A data class's content (child classes, then elements) honours `sort` and `order` like every other list."""

import pytest

from tests.catalogue.factories import make_data_class, make_data_element, make_data_model, make_data_type

pytestmark = pytest.mark.django_db


def test_content_sorts_each_part_as_asked(user, user_client):
    model = make_data_model("Sorted", user=user)
    parent = make_data_class(model, "Parent")
    for label in ("b class", "a class"):
        make_data_class(model, label, parent=parent)
    string = make_data_type(model)
    for label in ("b element", "a element"):
        make_data_element(parent, label, data_type=string)
    url = f"/api/dataModels/{model.pk}/dataClasses/{parent.pk}/content"

    def labels(query=""):
        return [item["label"] for item in user_client.get(f"{url}?{query}").json()["items"]]

    assert labels() == ["b class", "a class", "b element", "a element"]  # index order
    assert labels("sort=label") == ["a class", "b class", "a element", "b element"]
    assert labels("sort=label&order=desc") == ["b class", "a class", "b element", "a element"]
    assert labels("sort=label&max=3&offset=1") == ["b class", "a element", "b element"]
