"""gunicorn settings for `make run` and the production front; environment variables override each value.

Timeouts, from the outside in (the production front sets these from NGINX_PROXY_READ_TIMEOUT):
nginx gives up on a request after NGINX_PROXY_READ_TIMEOUT (60 s) and answers 504. gunicorn's worker
timeout must be longer (75 s), otherwise gunicorn kills the stuck worker first and nginx sees a closed
connection, a 502. The graceful timeout (65 s) lets a restart (HUP, deploy) finish every request nginx
is still waiting for, so a restart under load answers everything and loses no acknowledged write.

Worker class and count: chosen by measurement (benchmarks/load.sh, figures in deploy/README.md).
"""

import multiprocessing
import os

cpus = multiprocessing.cpu_count()

worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", cpus * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4 if worker_class == "gthread" else 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 75))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 65))
# nginx keeps idle connections to gunicorn open (upstream keepalive); gunicorn must keep them a little longer.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Restart each worker after a while (a leak cannot grow for ever); the jitter keeps workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 500))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# One line per request with the request id that nginx, the application log and the response header share.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
# Behind nginx the peer is nginx itself (a Unix socket or a loopback/private address).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Request heads: looser than nginx's (4 buffers of 8 KiB, deploy/nginx.py), so nginx refuses an oversized head
# itself with the contract's JSON and gunicorn's HTML error pages never reach a client. A request line nginx
# accepts is at most 8190 bytes (gunicorn's maximum); a header line grows on its way (X-Forwarded-For gets the
# client address); nginx's buffers hold fewer than 10,000 header lines.
limit_request_line = 8190
limit_request_field_size = 16 * 1024
limit_request_fields = 32768
