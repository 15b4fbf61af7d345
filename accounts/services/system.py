"""What an administrator sees of the running system: `/api/admin/status` and `/api/admin/modules`.

The keys follow Mauro's status document (its UI lists them as they come) but describe this product:
Python, Django and the database instead of Java, Grails and JDBC drivers.
"""

import functools
import importlib.metadata
import platform
import sqlite3

import django
from django.conf import settings
from django.db import connection
from rest_framework import VERSION as DRF_VERSION

PRODUCT_MODULE = "metadata-catalogue"


def _database_version():
    if connection.vendor == "postgresql":
        version = connection.pg_version  # e.g. 160004 for 16.4
        return f"{version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    return ""


def _drivers():
    drivers = [{"class": "sqlite3", "version": sqlite3.sqlite_version}]
    try:
        drivers.append({"class": "psycopg", "version": importlib.metadata.version("psycopg")})
    except importlib.metadata.PackageNotFoundError:
        pass
    return sorted(drivers, key=lambda driver: driver["class"])


def status():
    return {
        "Catalogue Version": settings.PRODUCT_VERSION,
        "Django Version": django.get_version(),
        "Django REST framework Version": DRF_VERSION,
        "Python Version": platform.python_version(),
        "Python Implementation": platform.python_implementation(),
        "OS Name": platform.system(),
        "OS Version": platform.release(),
        "OS Architecture": platform.machine(),
        "Database Engine": connection.display_name,
        "Database Version": _database_version(),
        "Driver Manager Drivers Available": _drivers(),
    }


@functools.lru_cache(maxsize=1)
def _installed_distributions():
    seen = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and name.lower() not in seen:
            seen[name.lower()] = {"name": name, "version": dist.version}
    return [seen[key] for key in sorted(seen)]


def modules():
    """The product itself, then every installed Python distribution, by name."""
    return [{"name": PRODUCT_MODULE, "version": settings.PRODUCT_VERSION}, *_installed_distributions()]
