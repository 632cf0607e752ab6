import json
import os
import tempfile
import unittest

from tightrope import cache
from tightrope.config import RoutingConfig

from .fake_server import config


class FileCacheTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.path = os.path.join(self.folder, "sub", "support-bot.json")

    def test_round_trip(self):
        cache.save(self.path, RoutingConfig(config(9, 5, "salt", canary=2)))
        loaded = cache.load(self.path, "support-bot", "production")
        self.assertEqual((loaded.generation, loaded.weight, loaded.canary.version), (9, 5, 2))
        self.assertEqual([name for name in os.listdir(os.path.dirname(self.path))], ["support-bot.json"])

    def test_missing_torn_or_foreign_files_are_ignored(self):
        self.assertIsNone(cache.load(self.path, "support-bot", "production"))
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, "w") as handle:
            handle.write('{"generation": 3, "stab')
        self.assertIsNone(cache.load(self.path, "support-bot", "production"))
        with open(self.path, "w") as handle:
            json.dump({"generation": 3}, handle)
        self.assertIsNone(cache.load(self.path, "support-bot", "production"))
        cache.save(self.path, RoutingConfig(config(4)))
        self.assertIsNone(cache.load(self.path, "other-bot", "production"))
        self.assertIsNone(cache.load(self.path, "support-bot", "staging"))
