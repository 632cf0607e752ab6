"""An incremental parser of Server-Sent Events (the WHATWG ``text/event-stream`` rules).

Feed it bytes as they arrive; it returns the events each chunk completes. Lines end with LF, CRLF or CR (also
split across chunks); a line starting with ``:`` is a comment (Tightrope's heartbeats); ``id``, ``event``,
``data`` and ``retry`` are the fields; a blank line dispatches the event when it has data. The last event id is
kept across events, as a browser keeps it for ``Last-Event-ID``.
"""


class Event(object):
    """One dispatched event."""

    __slots__ = ("id", "event", "data")

    def __init__(self, id, event, data):
        self.id = id
        self.event = event
        self.data = data

    def __repr__(self):
        return "Event(id=%r, event=%r, data=%r)" % (self.id, self.event, self.data[:60])


class Parser(object):
    """State of one stream: call :meth:`feed` with every chunk of the body."""

    def __init__(self):
        self.last_event_id = None
        self.retry_millis = None
        self.comments = 0
        self._buffer = b""
        self._after_cr = False
        self._first = True
        self._event = None
        self._data = None

    def feed(self, chunk):
        """Parses ``chunk`` (bytes); returns the list of events it completed."""
        events = []
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        self._after_cr = False
        data = self._buffer + chunk
        start = 0
        i = 0
        length = len(data)
        while i < length:
            byte = data[i]
            if byte == 0x0A or byte == 0x0D:
                self._line(data[start:i], events)
                if byte == 0x0D:
                    if i + 1 < length:
                        if data[i + 1] == 0x0A:
                            i += 1
                    else:
                        self._after_cr = True
                start = i + 1
            i += 1
        self._buffer = data[start:]
        return events

    def _line(self, raw, events):
        line = raw.decode("utf-8", "replace")
        if self._first:
            self._first = False
            if line.startswith("\ufeff"):
                line = line[1:]
        if not line:
            if self._data is not None:
                events.append(Event(self.last_event_id, self._event or "message", "\n".join(self._data)))
            self._data = None
            self._event = None
            return
        if line.startswith(":"):
            self.comments += 1
            return
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "data":
            if self._data is None:
                self._data = []
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\x00" not in value:
                self.last_event_id = value
        elif field == "retry":
            if value.isdigit():
                self.retry_millis = int(value)
