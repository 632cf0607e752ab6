"""The optional file cache: the last configuration on disk, so a runtime that starts while the server is away
still serves (fail-static from the first request). Written atomically (a temporary file in the same folder, then
``os.replace``), so a crash mid-write never leaves a torn file; a file that cannot be read is ignored (logged at
WARNING, unless it does not exist yet)."""

import json
import logging
import os
import tempfile

from .config import RoutingConfig

LOG = logging.getLogger("tightrope")


def load(path, agent, environment):
    """The cached configuration of this agent and environment, or None (missing, unreadable, someone else's)."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            raw = json.load(handle)
        config = RoutingConfig(raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        LOG.warning("Ignored the Tightrope cache file %s: not a routing configuration that can be read: %s: %s",
                    path, type(error).__name__, error)
        return None
    if config.agent != agent or config.environment != environment:
        LOG.warning("Ignored the Tightrope cache file %s: it holds %s/%s, not %s/%s", path, config.agent,
                    config.environment, agent, environment)
        return None
    return config


def save(path, config):
    """Writes the configuration atomically."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tightrope-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(config.raw, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
