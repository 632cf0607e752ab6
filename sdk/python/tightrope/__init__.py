"""Tightrope for agent runtimes: route locally with the server's exact bucketing, follow configuration changes,
stay up when the server is away, report outcomes in the background. Standard library only.

    from tightrope import Client
    client = Client("http://localhost:8080", token="tr_…", agent="support-bot", environment="production")
    decision = client.route("customer-42")
"""

from .backoff import Backoff
from .bucketing import CANARY, STABLE, bucket
from .client import Client
from .config import Decision, RoutingConfig, VersionConfig
from .errors import ApiError, NotReadyError, TightropeError

__all__ = ["Client", "Decision", "RoutingConfig", "VersionConfig", "Backoff", "bucket", "STABLE", "CANARY",
           "TightropeError", "ApiError", "NotReadyError"]
__version__ = "0.1.0"
