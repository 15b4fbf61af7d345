"""Request ids in every log line, so a 500's reference finds its traceback."""

import contextvars
import logging

current_request_id = contextvars.ContextVar("current_request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
