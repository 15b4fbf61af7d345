"""Account operations, one module per area; the names most callers need are re-exported here."""

from accounts.services.sessions import (
    INVALID_CREDENTIALS,
    client_address,
    ensure_bootstrap_administrator,
    log_in,
    log_out,
)

__all__ = ["INVALID_CREDENTIALS", "client_address", "ensure_bootstrap_administrator", "log_in", "log_out"]
