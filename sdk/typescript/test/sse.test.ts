import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SseParser } from '../src/sse.js';

describe('SseParser', () => {
  it('parses events, comments and the retry hint, split anywhere', () => {
    const text = 'retry: 3000\n\nid: 2\nevent: config\ndata: {"a":1}\n\n: heartbeat\n\nid: 3\r\nevent: config\r\ndata: x\r\ndata: y\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.feed(text.slice(0, cut)), ...parser.feed(text.slice(cut))];
      assert.deepEqual(events, [
        { id: '2', event: 'config', data: '{"a":1}' },
        { id: '3', event: 'config', data: 'x\ny' },
      ], `cut at ${cut}`);
      assert.equal(parser.retryMs, 3000);
      assert.equal(parser.comments, 1);
      assert.equal(parser.lastEventId, '3');
    }
  });

  it('treats a lone CR as a line end, also at the end of a chunk, and ignores unknown fields', () => {
    const parser = new SseParser();
    const events = [...parser.feed('data: a\r'), ...parser.feed('\ndata: b\rfoo: bar\r\r'), ...parser.feed('data:c\n\n')];
    assert.deepEqual(events.map((e) => e.data), ['a\nb', 'c']);
    assert.equal(events[0]?.event, 'message');
  });

  it('dispatches nothing for an event without data, and keeps the last id', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.feed('id: 9\n\nevent: config\n\n'), []);
    assert.equal(parser.lastEventId, '9');
  });
});
