"""The nginx configuration of the production front, rendered for one checkout and one state directory.

Shape of the front (all of it on one nginx, two server blocks):

* The **edge** server listens on the public address. Requests without a body go straight to the
  application servers (gunicorn). Requests with a body are streamed, unbuffered, to the **body buffer**.
* The **body buffer** server listens on a Unix socket in the state directory. It reads the whole body
  (to memory or a temporary file, so a slow upload never ties up a gunicorn worker) and then proxies
  it to gunicorn.

Why two blocks: nginx answers a `client_body_timeout` by closing the connection without a response
(the 408 is only logged). Here the buffer's timeout is shorter than the edge's, so when an upload
stalls the buffer hangs up on the edge, and the edge -- which still holds the client -- answers
408 with the contract's JSON body.

Every response nginx makes itself (408, 413, 502, 503, 504, and 400/404/405/414/500 for its own
static files and malformed requests) is a JSON body with the contract's keys (http-contract.md §3):
`status, reason, errorCode, message, path, version`. `path` is the request path up to the query
string; a character that JSON would need escaped (a quote, a backslash, a raw non-ASCII byte) ends it,
so the body stays valid JSON whatever the client sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

#: The application's upstream name and the body buffer's, as nginx `upstream` blocks.
APP_UPSTREAM = "mdm_app"
BUFFER_UPSTREAM = "mdm_body_buffer"

MIME_TYPES_FILE = Path("/etc/nginx/mime.types")


@dataclass
class NginxSettings:
    """Everything the nginx configuration depends on; the application must be given the same values."""

    state_dir: Path
    static_root: Path
    maintenance_file: Path
    app_servers: list[str]
    version: str
    #: Body limit on the upload locations (`upload_path_regex`), and on nothing else.
    max_body_bytes: int = 100 * 1024 * 1024
    #: Body limit everywhere else: logins, creates, updates. The application applies the same split.
    small_body_bytes: int = 1024 * 1024
    #: Anchored regex of the upload routes' paths (config.api.body_limits.large_body_path_regex); None: no uploads.
    upload_path_regex: str | None = None
    retry_after_seconds: int = 120
    listen_host: str = "127.0.0.1"
    listen_port: int = 8080
    #: Seconds a client may pause while sending a body before it gets 408.
    client_body_timeout: int = 60
    client_header_timeout: int = 30
    proxy_connect_timeout: int = 5
    #: Seconds nginx waits for gunicorn's answer before 504; gunicorn's own timeout must be longer.
    proxy_read_timeout: int = 60
    tls_certificate: Path | None = None
    tls_certificate_key: Path | None = None
    hsts_seconds: int = 31536000
    #: The HSTS directives beyond max-age, the same as the application sends (SECURE_HSTS_* settings).
    hsts_include_subdomains: bool = True
    hsts_preload: bool = False
    worker_processes: str = "auto"
    worker_connections: int = 1024
    #: The user nginx's workers run as when the master runs as root (ignored otherwise).
    user: str | None = None
    #: Addresses (CIDR) of a TLS-ending balancer in front of nginx: the client address and scheme it reports
    #: in X-Forwarded-For / X-Forwarded-Proto are then believed. Empty: nginx is the way in.
    trusted_proxies: list[str] = field(default_factory=list)
    #: A built copy of Mauro's web UI (MDM_UI_DIR): served at `/` (with `index.html` for the UI's own routes)
    #: beside the application's `/api` and `/admin`. None: every path goes to the application.
    ui_root: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def small_limit(self):
        """The body limit outside the upload locations (never above the upload limit)."""
        return min(self.small_body_bytes, self.max_body_bytes)

    @property
    def conf_file(self):
        return self.state_dir / "nginx" / "nginx.conf"

    @property
    def pid_file(self):
        return self.state_dir / "run" / "nginx.pid"

    @property
    def log_dir(self):
        return self.state_dir / "log"

    @property
    def error_log(self):
        return self.log_dir / "nginx-error.log"

    @property
    def access_log(self):
        return self.log_dir / "nginx-access.log"

    @property
    def temp_dir(self):
        return self.state_dir / "nginx" / "tmp"

    @property
    def buffer_socket(self):
        return self.state_dir / "run" / "nginx-body-buffer.sock"

    @property
    def tls(self):
        return self.tls_certificate is not None

    @property
    def scheme(self):
        return "https" if self.tls else "http"

    @property
    def url(self):
        return f"{self.scheme}://{self.listen_host}:{self.listen_port}"


#: The errors nginx answers itself: status → (errorCode, message). `{limit}` is the body limit in bytes.
GATEWAY_ERRORS = {
    400: ("REQ01", "The request is malformed"),
    404: ("NF03", "No such file"),
    405: ("NF02", "Method not permitted on this URL"),
    408: ("REQ08", "The request body was not received in time; the upload stalled for too long"),
    411: ("GW07", "The request needs a Content-Length"),
    413: ("REQ05", "Request body is larger than the limit of {limit} bytes"),
    414: ("REQ09", "The request URI is too long"),
    431: ("GW04", "The request headers are too large"),
    500: ("GW03", "The front server failed unexpectedly"),
    501: ("GW05", "The transfer coding of the request is not supported"),
    502: ("GW01", "The application server cannot be reached; please try again shortly"),
    503: ("SVC03", "The catalogue is down for maintenance; please try again later"),
    504: ("GW02", "The application server did not answer in time"),
    505: ("GW06", "The HTTP version is not supported; use HTTP/1.1"),
}

#: nginx's limit on a request head: a request line or one header line of up to 8 KiB, 4 such buffers in all.
#: gunicorn's limits (deploy/gunicorn.conf.py) are looser, so nginx answers every oversized head itself, in JSON.
HEADER_BUFFER_BYTES = 8 * 1024
HEADER_BUFFERS = 4

#: Where nginx renders its own errors (internal locations). A URI, not a named location: a request whose
#: request line could not be parsed has no URI, and nginx answers 500 instead of going to a named location.
ERROR_LOCATION = "/.mdm-gateway-error"


def error_json(status, settings: NginxSettings, *, limit=None):
    """The body nginx returns for `status`, with `$mdm_error_path` left for nginx to fill in.

    `limit` is the body limit a 413 names: the small limit unless given (the upload locations give theirs).
    """
    code, message = GATEWAY_ERRORS[status]
    body = {
        "status": status,
        "reason": HTTPStatus(status).phrase,
        "errorCode": code,
        "message": message.format(limit=settings.small_limit if limit is None else limit),
        "path": "@PATH@",
        "version": settings.version,
    }
    text = json.dumps(body, separators=(",", ":"))
    # The text sits in a single-quoted nginx string: no quote, backslash or '$' may slip in from the values.
    for forbidden in ("'", "\\", "$", "@PATH@@"):
        if forbidden in text.replace("@PATH@", ""):
            raise ValueError(f"error body for {status} contains {forbidden!r}: {text}")
    return text.replace("@PATH@", "$mdm_error_path")


def _headers(settings: NginxSettings, *, retry_after=False, cacheable=False, indent="        "):
    lines = [
        "add_header X-Request-ID $mdm_request_id always;",
        "add_header X-Content-Type-Options nosniff always;",
        "add_header X-Frame-Options DENY always;",
        "add_header Referrer-Policy same-origin always;",
    ]
    if not cacheable:
        lines.append('add_header Cache-Control "no-store" always;')
    if settings.tls and settings.hsts_seconds:
        lines.append(f'add_header Strict-Transport-Security "{hsts_value(settings)}" always;')
    if retry_after:
        lines.append(f"add_header Retry-After {settings.retry_after_seconds} always;")
    return "\n".join(indent + line for line in lines)


def hsts_value(settings: NginxSettings):
    """The Strict-Transport-Security value, built as Django's SecurityMiddleware builds it."""
    value = f"max-age={settings.hsts_seconds}"
    if settings.hsts_include_subdomains:
        value += "; includeSubDomains"
    if settings.hsts_preload:
        value += "; preload"
    return value


def _return(status, settings, indent="        ", limit=None):
    return f"{indent}return {status} '{error_json(status, settings, limit=limit)}\\n';"


def _error_location(name, body, indent="    "):
    return f"""{indent}location = {ERROR_LOCATION}/{name} {{
{indent}    internal;
{indent}    types {{ }}
{indent}    default_type application/json;
{body}
{indent}}}"""


def _error_locations(settings: NginxSettings, *, edge: bool):
    """Internal locations that render nginx's own errors; the 502 one decides between 408, 503 and 502."""
    out = []
    for status in (400, 404, 405, 408, 411, 413, 414, 431, 500, 501, 504, 505):
        out.append(_error_location(status, f"{_headers(settings)}\n{_return(status, settings)}"))
    upload_limit = _return(413, settings, limit=settings.max_body_bytes)
    out.append(_error_location("413-upload", f"{_headers(settings)}\n{upload_limit}"))
    maintenance = str(settings.maintenance_file)
    stalled_upload = ""
    if edge:
        # On the edge, a 502 for a request with a body means the body buffer hung up without an answer:
        # the upload stalled past client_body_timeout (a down application is answered by the buffer itself).
        stalled_upload = f"""        if ($mdm_upstream = {BUFFER_UPSTREAM}) {{
{_headers(settings, indent="            ")}
{_return(408, settings, indent="            ")}
        }}
"""
    out.append(_error_location(502, f"""{stalled_upload}        if (-f "{maintenance}") {{
{_headers(settings, retry_after=True, indent="            ")}
{_return(503, settings, indent="            ")}
        }}
{_headers(settings)}
{_return(502, settings)}"""))
    out.append(_error_location(503, f"{_headers(settings, retry_after=True)}\n{_return(503, settings)}"))
    return "\n".join(out)


def _error_pages(*, upload=False, indent="        "):
    """Every status nginx may produce itself, sent to its JSON location (`=`: the status that location returns).

    494 is nginx's "request header too large", answered as 431; 497 is plain HTTP sent to the TLS port.
    """
    too_large = "413-upload" if upload else "413"
    pages = [("400 497", 400), ("494", 431), ("404", 404), ("405", 405), ("408", 408), ("411", 411),
             ("413", too_large), ("414", 414), ("500", 500), ("501", 501), ("502", 502), ("503", 503),
             ("504", 504), ("505", 505)]
    return "\n".join(f"{indent}error_page {codes} = {ERROR_LOCATION}/{name};" for codes, name in pages)


def _upload_location(settings: NginxSettings, proxy):
    """The upload routes' paths, with the upload limit (the application still refuses it to anonymous callers)."""
    if not settings.upload_path_regex:
        return ""
    return f"""
        location ~ {_quoted_regex(settings.upload_path_regex)} {{
            client_max_body_size {settings.max_body_bytes};
{_error_pages(upload=True, indent="            ")}
{proxy}
        }}"""


def _quoted_regex(regex):
    """A regex as a double-quoted nginx string (nginx reads a doubled backslash as one, and \\" as a quote)."""
    if any(c in regex for c in "\r\n"):
        raise ValueError(f"unsuitable path regex: {regex!r}")
    return '"' + regex.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_path(path):
    text = str(path)
    if any(c in text for c in " ;{}'\"$\\\n"):
        raise ValueError(f"path unsuitable for the nginx configuration (space, quote, brace, ';' or '$'): {text}")
    return text


def _edge_locations(settings: NginxSettings, proxy):
    """Everything to the application; with a UI, only `/api` and `/admin`, the rest from the UI's folder."""
    if settings.ui_root is None:
        return f"""        location / {{
{proxy}
        }}"""
    root = _check_path(settings.ui_root)
    return f"""        location /api {{
{proxy}
        }}

        location /admin {{
{proxy}
        }}

        # Mauro's web UI: its files, and index.html for its own routes (never cached, so a new build shows).
        location / {{
            root {root};
            try_files $uri /index.html;
{_headers(settings, cacheable=True, indent="            ")}
        }}

        location = /index.html {{
            root {root};
{_headers(settings, indent="            ")}
        }}"""


def render(settings: NginxSettings) -> str:
    """The complete nginx.conf for these settings."""
    s = settings
    for path in (s.state_dir, s.static_root, s.maintenance_file, *([s.ui_root] if s.ui_root else [])):
        _check_path(path)
    if not s.app_servers:
        raise ValueError("at least one application server address is needed")
    if s.client_body_timeout < 1 or s.proxy_read_timeout < 1:
        raise ValueError("timeouts are whole seconds of at least 1")
    if s.small_body_bytes < 1 or s.max_body_bytes < 1:
        raise ValueError("body limits are at least 1 byte")
    mime = f"include {MIME_TYPES_FILE};" if MIME_TYPES_FILE.exists() else (
        "types { text/html html; text/css css; application/javascript js; application/json json; "
        "image/png png; image/svg+xml svg; font/woff2 woff2; }")
    user = f"user {s.user};" if s.user else "# user: nginx runs as the user that starts it"
    servers = "\n".join(f"        server {addr} max_fails=3 fail_timeout=10s;" for addr in s.app_servers)
    # The edge waits for a stalled upload a little longer than the buffer does, so the buffer hangs up first
    # and the edge can still answer 408. (Both wait proxy_read_timeout for an answer: either one's 504 is right.)
    edge_body_timeout = s.client_body_timeout + 5
    if s.tls:
        listen = f"""    listen {s.listen_host}:{s.listen_port} ssl http2;
    ssl_certificate {_check_path(s.tls_certificate)};
    ssl_certificate_key {_check_path(s.tls_certificate_key)};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:mdm_tls:10m;
    ssl_session_timeout 1d;"""
    else:
        listen = f"    listen {s.listen_host}:{s.listen_port};"
    forwarded_proto, real_ip = "", ""
    if s.trusted_proxies:
        for cidr in s.trusted_proxies:
            if not re.fullmatch(r"[0-9A-Fa-f:.]+(/[0-9]{1,3})?", cidr):
                raise ValueError(f"not an address or CIDR block: {cidr!r}")
        forwarded_proto = "        https https;"
        real_ip = "".join(f"    set_real_ip_from {cidr};\n" for cidr in s.trusted_proxies)
        real_ip += "    real_ip_header X-Forwarded-For;\n    real_ip_recursive on;\n"
    # Gunicorn reads these scheme headers too, and answers a contradiction between them with an HTML 400:
    # only X-Forwarded-Proto, set by nginx, reaches it.
    edge_proxy = f"""            proxy_request_buffering off;
            proxy_read_timeout {s.proxy_read_timeout}s;
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $mdm_forwarded_proto;
            proxy_set_header X-Forwarded-Protocol "";
            proxy_set_header X-Forwarded-Ssl "";
            proxy_set_header X-Request-ID $mdm_request_id;
            proxy_pass http://$mdm_upstream;"""
    buffer_proxy = f"""            proxy_request_buffering on;
            proxy_read_timeout {s.proxy_read_timeout}s;
            proxy_set_header Host $http_host;
            proxy_set_header X-Real-IP $http_x_real_ip;
            proxy_set_header X-Forwarded-For $http_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
            proxy_set_header X-Request-ID $mdm_request_id;
            proxy_pass http://{APP_UPSTREAM};"""
    return f"""# nginx front of the metadata catalogue, generated by deploy/front.py for {s.state_dir}.
# Regenerated on every `make serve-prod`; change deploy/nginx.py, not this file.
{user}
worker_processes {s.worker_processes};
pid {s.pid_file};
error_log {s.error_log} warn;
daemon on;

events {{
    worker_connections {s.worker_connections};
}}

http {{
    {mime}
    default_type application/octet-stream;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;

    client_body_temp_path {s.temp_dir}/body;
    proxy_temp_path {s.temp_dir}/proxy;
    fastcgi_temp_path {s.temp_dir}/fastcgi;
    uwsgi_temp_path {s.temp_dir}/uwsgi;
    scgi_temp_path {s.temp_dir}/scgi;

    # A sane X-Request-ID from the client is kept (the application applies the same rule), else nginx makes one.
    map $http_x_request_id $mdm_request_id {{
        "~^[A-Za-z0-9._:-]{{1,128}}$" $http_x_request_id;
        default $request_id;
    }}
    # The path for error bodies: up to the query string, stopping at anything JSON would need escaped.
    map $request_uri $mdm_error_path {{
        "~^(?<mdm_safe_path>[!#->@-\\[\\]-~]*)" $mdm_safe_path;
        default "";
    }}
    # Requests with a body go through the body buffer; the others straight to the application.
    map "$http_content_length:$http_transfer_encoding" $mdm_upstream {{
        ":" {APP_UPSTREAM};
        "0:" {APP_UPSTREAM};
        default {BUFFER_UPSTREAM};
    }}

    # The scheme the client used: nginx's own, or the balancer's report when one is trusted (see below).
    map $http_x_forwarded_proto $mdm_forwarded_proto {{
        default $scheme;
{forwarded_proto}
    }}
{real_ip}    log_format mdm '$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time '
                   'upstream=$upstream_status/$upstream_response_time id=$mdm_request_id';
    access_log {s.access_log} mdm;

    upstream {APP_UPSTREAM} {{
{servers}
        keepalive 32;
    }}
    upstream {BUFFER_UPSTREAM} {{
        server unix:{s.buffer_socket};
    }}

    # Everything the application needs to know about the original request.
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_connect_timeout {s.proxy_connect_timeout}s;
    proxy_send_timeout {s.proxy_read_timeout}s;
    proxy_redirect off;
    proxy_intercept_errors off;
    # Another application server is tried only when one cannot be reached, never after a timeout
    # (the slow request would run twice), and never for a request whose body was already sent.
    proxy_next_upstream error;
    proxy_next_upstream_tries 2;
    # Bodies: the small limit everywhere; the upload locations below raise it to the upload limit.
    client_max_body_size {s.small_limit};
    client_body_buffer_size 128k;
    client_header_timeout {s.client_header_timeout}s;
    large_client_header_buffers {HEADER_BUFFERS} {HEADER_BUFFER_BYTES // 1024}k;

    # The edge: the only server reachable from outside.
    server {{
{listen}
        server_name _;
        client_body_timeout {edge_body_timeout}s;
{_error_pages()}

        location /static/ {{
            alias {s.static_root}/;
            expires 7d;
{_headers(s, cacheable=True, indent="            ")}
        }}

{_edge_locations(s, edge_proxy)}
{_upload_location(s, edge_proxy)}

{_error_locations(s, edge=True)}
    }}

    # The body buffer: reads whole bodies before gunicorn sees them. Reachable only through its socket.
    server {{
        listen unix:{s.buffer_socket};
        server_name _;
        client_body_timeout {s.client_body_timeout}s;
{_error_pages()}

        location / {{
{buffer_proxy}
        }}
{_upload_location(s, buffer_proxy)}

{_error_locations(s, edge=False)}
    }}
}}
"""
