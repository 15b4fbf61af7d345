"""The official Mauro client library (`@maurodatamapper/mdm-resources`) driven against a live test server.

This is the strongest proof of wire compatibility: the client's own URL building, verbs and bodies meet
the real endpoints. Skips only where Node.js/npm are missing or the library cannot be installed.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, make_user

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def client_library():
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("Node.js and npm are needed to run the official client library")
    if not (HERE / "node_modules" / "@maurodatamapper" / "mdm-resources").exists():
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            pytest.skip(f"could not install @maurodatamapper/mdm-resources: {result.stderr[-500:]}")
    return HERE


def run_scenario(library, live_server, scenario, *, username, password=PASSWORD):
    env = {**os.environ, "MDM_API": f"{live_server.url}/api", "MDM_USER": username, "MDM_PASSWORD": password}
    result = subprocess.run(["node", "--import", "./register.mjs", "scenario.mjs", scenario], cwd=library, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    steps = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {s["step"]: s for s in steps}


def test_session_journey(client_library, live_server):
    make_user("client@example.com")
    steps = run_scenario(client_library, live_server, "session", username="client@example.com")
    assert steps["anonymous isAuthenticated"]["body"] == {"authenticatedSession": False}
    assert steps["login"]["status"] == 200
    assert steps["login"]["body"]["emailAddress"] == "client@example.com"
    assert steps["isAuthenticated"]["body"] == {"authenticatedSession": True}
    assert steps["isApplicationAdministration"]["body"] == {"applicationAdministrationSession": False}
    assert steps["login again"]["status"] == 409
    assert steps["login again"]["body"]["errorCode"] == "SES01"
    assert steps["still authenticated"]["body"] == {"authenticatedSession": True}
    assert steps["logout"]["status"] == 204
    assert steps["after logout"]["body"] == {"authenticatedSession": False}
    assert steps["wrong password"]["status"] == 401
