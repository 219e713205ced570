import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('createSseParser', () => {
  it('reads named events with JSON data', () => {
    expect(parse(['event: position\ndata: {"decidedUpTo":5}\n\nevent: decision\ndata: {"status":"ENROLLED"}\n\n'])).toEqual([
      { event: 'position', data: '{"decidedUpTo":5}' },
      { event: 'decision', data: '{"status":"ENROLLED"}' },
    ]);
  });

  it('reassembles events split anywhere across chunks, including inside \\r\\n', () => {
    const text = 'event: decision\r\ndata: {"a":1}\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual([{ event: 'decision', data: '{"a":1}' }]);
    }
  });

  it('joins multi-line data, defaults the event name, keeps the id', () => {
    expect(parse(['id: 7\ndata: one\ndata:two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo', id: '7' }]);
  });

  it('skips comments (keep-alives) and events without data', () => {
    expect(parse([': ping\n\nevent: position\n\n', 'retry: 1000\n\n'])).toEqual([]);
  });

  it('drops an unterminated event at the end of the stream, as browsers do', () => {
    expect(parse(['event: decision\ndata: {"half":true}'])).toEqual([]);
  });
});
