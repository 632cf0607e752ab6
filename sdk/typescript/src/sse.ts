/**
 * An incremental parser of Server-Sent Events (the WHATWG `text/event-stream` rules).
 *
 * Feed it text as it arrives (decoded with a streaming `TextDecoder`, so a character split across chunks is
 * whole); it returns the events each chunk completes. Lines end with LF, CRLF or CR (also split across chunks); a
 * line starting with `:` is a comment (Tightrope's heartbeats); `id`, `event`, `data` and `retry` are the fields; a
 * blank line dispatches the event when it has data. The last event id is kept across events, as a browser keeps it
 * for `Last-Event-ID`.
 */
export interface SseEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

export class SseParser {
  lastEventId: string | null = null;
  retryMs: number | null = null;
  comments = 0;
  private buffer = '';
  private afterCr = false;
  private first = true;
  private eventType: string | null = null;
  private data: string[] | null = null;

  /** Parses `chunk`; returns the events it completed. */
  feed(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    if (this.afterCr && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this.afterCr = false;
    const data = this.buffer + text;
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) {
        continue;
      }
      this.line(data.slice(start, i), events);
      if (c === 0x0d) {
        if (i + 1 < data.length) {
          if (data.charCodeAt(i + 1) === 0x0a) {
            i++;
          }
        } else {
          this.afterCr = true;
        }
      }
      start = i + 1;
    }
    this.buffer = data.slice(start);
    return events;
  }

  private line(raw: string, events: SseEvent[]): void {
    let line = raw;
    if (this.first) {
      this.first = false;
      if (line.startsWith('\ufeff')) {
        line = line.slice(1);
      }
    }
    if (line === '') {
      if (this.data !== null) {
        events.push({ id: this.lastEventId, event: this.eventType ?? 'message', data: this.data.join('\n') });
      }
      this.data = null;
      this.eventType = null;
      return;
    }
    if (line.startsWith(':')) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    switch (field) {
      case 'data':
        (this.data ??= []).push(value);
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.retryMs = Number(value);
        }
        break;
      default:
        break; // unknown fields are ignored, as the standard says
    }
  }
}
