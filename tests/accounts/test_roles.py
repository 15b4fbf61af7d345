"""The order of the roles, pinned once: every rank and list in the policy modules derives from `accounts.roles`."""

import itertools

import pytest

from accounts import access, groups, policy, roles
from accounts.models import ApplicationRole, GroupRole
from tests.accounts.helpers import make_role_user

pytestmark = pytest.mark.django_db

RESOURCE_ORDER = ["reader", "reviewer", "author", "editor", "container_admin"]
APPLICATION_ORDER = ["container_group_admin", "group_admin", "user_admin", "application_admin", "site_admin"]


def test_the_two_ladders_weakest_first():
    assert list(roles.RESOURCE_ROLES) == RESOURCE_ORDER
    assert list(roles.APPLICATION_ROLES) == APPLICATION_ORDER
    assert set(roles.APPLICATION_ROLES) == set(ApplicationRole.values)


def test_resource_ranks_follow_the_order():
    assert access.ROLE_ORDER == RESOURCE_ORDER
    assert sorted(access.ROLE_RANK, key=access.ROLE_RANK.__getitem__) == RESOURCE_ORDER
    for weaker, stronger in itertools.pairwise(RESOURCE_ORDER):
        assert access.role_at_least(stronger, weaker) and not access.role_at_least(weaker, stronger)
        assert access.stronger(weaker, stronger) == stronger


def test_application_ranks_follow_the_order_above_holding_none():
    assert sorted(policy.ROLE_RANK, key=policy.ROLE_RANK.__getitem__) == APPLICATION_ORDER
    assert min(policy.ROLE_RANK.values()) > 0


@pytest.mark.parametrize("minimum", APPLICATION_ORDER)
def test_an_application_role_includes_those_below_it(minimum):
    assert roles.application_roles_at_least(minimum) == set(APPLICATION_ORDER[APPLICATION_ORDER.index(minimum):])


@pytest.mark.parametrize("held", APPLICATION_ORDER)
def test_holding_a_role_is_holding_every_weaker_one(held):
    user = make_role_user("holder@example.org", held)
    rank = APPLICATION_ORDER.index(held)
    for index, minimum in enumerate(APPLICATION_ORDER):
        assert groups.holds_application_role(user, minimum) == (index <= rank), minimum


def test_grantable_roles():
    class Model:
        model_domain_type = "DataModel"

    assert set(groups.grantable_role_names(object())) == set(RESOURCE_ORDER)
    assert set(groups.grantable_role_names(Model())) == {"reader", "reviewer", "author", "editor"}


def test_built_in_roles_chain_each_ladder_under_the_site_administrator():
    parents = {role.name: role.parent.name if role.parent else None for role in GroupRole.objects.all()}
    assert {name: parents[name] for name in RESOURCE_ORDER + APPLICATION_ORDER} == {
        "site_admin": None, "application_admin": "site_admin", "user_admin": "application_admin",
        "group_admin": "user_admin", "container_group_admin": "group_admin",
        "container_admin": "site_admin", "editor": "container_admin", "author": "editor", "reviewer": "author",
        "reader": "reviewer",
    }
    application_level = set(GroupRole.objects.filter(application_level_role=True).values_list("name", flat=True))
    assert application_level == set(APPLICATION_ORDER)
