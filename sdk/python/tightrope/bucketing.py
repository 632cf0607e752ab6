"""Sticky bucketing, exactly as the Tightrope server computes it.

A routing key is hashed with the rollout's salt into one of 10 000 buckets; the first ``weight * 100`` buckets
go to the canary::

    bucket = uint64_big_endian(first 8 bytes of SHA-256(UTF-8(salt + ":" + routing_key))) mod 10000
    arm    = CANARY if bucket < weight * 100 else STABLE

Worked example: ``bucket("salt-1", "user-42")`` hashes ``salt-1:user-42``; the digest starts
``01c6e86e43ec5524``, which is 128 045 199 710 246 180, and that mod 10 000 is 6180. At 5 % (threshold 500) the
key is STABLE; at 62 % (threshold 6200) it is CANARY. The shared vectors in ``sdk/test-vectors/bucketing.json``
hold this module to the server's own numbers.

A key holding an unpaired UTF-16 surrogate (``json.loads('"a\\ud800"')`` makes one) has no UTF-8 form: each such
surrogate is replaced by U+FFFD before encoding, as the TypeScript (``TextEncoder``) and Java SDKs do, so the three
SDKs bucket it alike (``"a\\ud800"`` is bucketed as ``"a\\ufffd"``). Two surrogate code points that form a pair are
read as the character they encode. ``route()`` never raises for such a key.
"""

import hashlib
import random as _random

BUCKETS = 10_000
STABLE = "STABLE"
CANARY = "CANARY"


def bucket(salt, routing_key):
    """The bucket (0..9999) of ``routing_key`` under ``salt``; both must be non-empty strings."""
    if not salt:
        raise ValueError("a rollout salt is required")
    if not routing_key:
        raise ValueError("a routing key is required for sticky bucketing")
    digest = hashlib.sha256(utf8(salt + ":" + routing_key)).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def utf8(text):
    """The UTF-8 bytes of ``text``, each unpaired surrogate replaced by U+FFFD (what UTF-16 decoding does)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # through UTF-16: a pair of surrogate code points becomes its character, a lone one U+FFFD
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")


def threshold(weight):
    """Buckets, counted from 0, that go to the canary at ``weight`` percent (0..100)."""
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 100:
        raise ValueError("weight must be a whole number from 0 to 100, was %r" % (weight,))
    return weight * (BUCKETS // 100)


def sticky_arm(salt, routing_key, weight):
    """CANARY when the key's bucket is below the weight's threshold, else STABLE."""
    return CANARY if bucket(salt, routing_key) < threshold(weight) else STABLE


def arm(salt, weight, has_canary, routing_key, rng=_random):
    """The arm of one request, as the server's route() decides it.

    No canary (or weight 0): STABLE. A routing key: sticky. No key (``None`` or ``""``): random by weight, on the
    same 10 000-bucket scale, so 0 % never and 100 % always picks the canary.
    """
    if not has_canary or weight == 0:
        return STABLE
    if not routing_key:
        return CANARY if rng.randrange(BUCKETS) < threshold(weight) else STABLE
    return sticky_arm(salt, routing_key, weight)
