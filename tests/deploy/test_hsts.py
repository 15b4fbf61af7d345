"""nginx's own answers carry the same Strict-Transport-Security as the application's: preload only when set."""

from pathlib import Path

import pytest

from deploy.nginx import NginxSettings, render


def rendered(tmp_path, **overrides):
    values = dict(state_dir=tmp_path, static_root=tmp_path / "static", maintenance_file=tmp_path / "maintenance.on",
                  app_servers=["unix:/run/app.sock"], version="9.9.9", max_body_bytes=1234,
                  tls_certificate=Path("/etc/ssl/cert.pem"), tls_certificate_key=Path("/etc/ssl/key.pem"))
    values.update(overrides)
    return render(NginxSettings(**values))


@pytest.mark.parametrize("overrides, header", [
    ({}, "max-age=31536000; includeSubDomains"),
    ({"hsts_preload": True}, "max-age=31536000; includeSubDomains; preload"),
    ({"hsts_include_subdomains": False}, "max-age=31536000"),
])
def test_nginx_sends_the_configured_hsts(tmp_path, overrides, header):
    text = rendered(tmp_path, **overrides)
    values = {line.split('"')[1] for line in text.splitlines() if "Strict-Transport-Security" in line}
    assert values == {header}

