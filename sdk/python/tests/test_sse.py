import unittest

from tightrope.sse import Parser


class ParserTest(unittest.TestCase):

    def test_events_comments_and_retry(self):
        parser = Parser()
        events = parser.feed(b"retry: 3000\n\n: heartbeat\n\nid: 7\nevent: config\ndata: {\"a\":1}\n\n")
        self.assertEqual(parser.retry_millis, 3000)
        self.assertEqual(parser.comments, 1)
        self.assertEqual([(e.id, e.event, e.data) for e in events], [("7", "config", '{"a":1}')])
        self.assertEqual(parser.last_event_id, "7")

    def test_lines_split_across_chunks_and_every_line_ending(self):
        parser = Parser()
        text = b"id: 1\r\nevent: config\rdata: x\r\n\r\nid: 2\ndata: y\n\n"
        events = []
        for i in range(len(text)):
            events += parser.feed(text[i:i + 1])
        self.assertEqual([(e.id, e.event, e.data) for e in events], [("1", "config", "x"), ("2", "message", "y")])

    def test_multi_line_data_unicode_and_a_bom(self):
        parser = Parser()
        events = parser.feed("\ufeffdata: Grüße\ndata:🚀\n\n".encode("utf-8"))
        self.assertEqual(events[0].data, "Grüße\n🚀")

    def test_no_data_no_event_and_the_id_persists(self):
        parser = Parser()
        self.assertEqual(parser.feed(b"id: 5\n\n"), [])
        events = parser.feed(b"data: z\n\n")
        self.assertEqual(events[0].id, "5")
        self.assertEqual(parser.feed(b"data: incomplete"), [])
        self.assertEqual(parser.feed(b"\n\n")[0].data, "incomplete")

    def test_unknown_fields_and_a_bad_retry_are_ignored(self):
        parser = Parser()
        events = parser.feed(b"foo: bar\nretry: soon\ndata\n\n")
        self.assertIsNone(parser.retry_millis)
        self.assertEqual(events[0].data, "")
