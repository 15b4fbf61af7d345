"""`.env.example` documents every environment variable the settings, the front and the load run read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "config/settings.py": r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*)"',
    "deploy/front.py": r'(?:environ\.get|_env_int|_env_path|env\.get|env\.setdefault)\(\s*"([A-Z][A-Z0-9_]*)"',
    "deploy/gunicorn.conf.py": r'environ\.get\(\s*"([A-Z][A-Z0-9_]*)"',
    "benchmarks/load.sh": r"\$\{([A-Z][A-Z0-9_]*):-",
}


def documented():
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_variable_read_is_documented_with_its_default():
    names = documented()
    missing = {}
    for source, pattern in SOURCES.items():
        read = set(re.findall(pattern, (ROOT / source).read_text())) - {"PY", "DJANGO_SETTINGS_MODULE"}
        assert read, f"no variables found in {source}: the pattern is out of date"
        if read - names:
            missing[source] = sorted(read - names)
    assert not missing, f".env.example lacks: {missing}"
