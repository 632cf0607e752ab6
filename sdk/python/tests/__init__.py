import logging

# the SDK logs its warnings to "tightrope"; the tests that check them use assertLogs, the rest need not print them
logging.getLogger("tightrope").addHandler(logging.NullHandler())
