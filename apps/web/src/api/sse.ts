import { ApiError, parseRetryAfter } from './api-error';
import { API_BASE, authHeaders, ensureFreshToken } from './http';

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation").
 * We read the stream with fetch rather than EventSource because EventSource cannot send the
 * Authorization header, and tokens do not belong in URLs (they end up in access logs).
 */
export function createSseParser(onEvent: (event: SseEvent) => void): { push(chunk: string): void; end(): void } {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const dispatch = () => {
    if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
    event = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // comment / keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  };

  return {
    push(chunk: string) {
      buffer += chunk;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      const re = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      let match: RegExpExecArray | null;
      while ((match = re.exec(buffer))) {
        line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
    end() {
      if (buffer) line(buffer);
      buffer = '';
      data = [];
    },
  };
}

export interface StreamHandlers {
  onOpen?: () => void;
  onEvent: (event: SseEvent) => void;
}

/** Reads an authenticated event stream until it ends (resolves) or fails (rejects). */
export async function readEventStream(path: string, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  await ensureFreshToken();
  const response = await fetch(`${API_BASE}${path}`, {
    headers: { Accept: 'text/event-stream', ...authHeaders() },
    cache: 'no-store',
    signal,
  });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    throw new ApiError(response.status, body, parseRetryAfter(response.headers.get('Retry-After')));
  }
  handlers.onOpen?.();
  const parser = createSseParser(handlers.onEvent);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  parser.end();
}
