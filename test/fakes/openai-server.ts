/**
 * A local OpenAI-compatible chat-completions server for tests (127.0.0.1, ephemeral port), driven
 * through the real openai SDK via its base URL. Each request takes the next scripted behaviour
 * (answer, HTTP error with headers, malformed JSON, delay, hang) or the default one, and is
 * recorded so tests can count requests and read exactly what the model was sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** A chat-completions request as the fake received it. */
export interface RecordedRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  maxTokens?: number;
  authorization?: string;
}

/** What the fake does with one request. */
export type Behaviour =
  | {
      kind: 'answer';
      content: string | ((req: RecordedRequest) => string);
      delayMs?: number;
      /** Holds the answer until this settles (a slow model the test releases). */
      gate?: Promise<void>;
      usage?: { prompt: number; completion: number };
    }
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  | { kind: 'malformed' }
  /** Never answers. */
  | { kind: 'hang' }
  /** Sends the headers and the start of the body, then stalls. */
  | { kind: 'stall' };

/** A running fake. */
export interface FakeOpenAi {
  /** Base URL including /v1, as OPENAI_BASE_URL takes it. */
  baseUrl: string;
  /** Every chat-completions request, in arrival order. */
  requests: RecordedRequest[];
  /** Queues behaviours for the next requests (first in, first used). */
  enqueue(...b: Behaviour[]): void;
  /** Behaviour once the queue is empty (initially: `grounded`). */
  setDefault(b: Behaviour): void;
  /** Forgets recorded requests and queued behaviours and restores the default (between tests). */
  reset(): void;
  close(): Promise<void>;
}

/** The numbered passages of a request's user message: `[n] text` lines between the fence lines. */
export function passagesOf(req: RecordedRequest): string[] {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const m = /<<(DATA-[0-9A-F]+)>>\n([\s\S]*?)\n<<END-\1>>/.exec(user);
  return m ? m[2]!.split('\n').map((l) => l.replace(/^\[\d+\]\s*/, '')) : [];
}

/** A well-behaved answer: quotes the start of passage 1 and cites it. */
export function grounded(req: RecordedRequest): string {
  const first = passagesOf(req)[0] ?? 'nothing';
  return `According to the store, ${first.slice(0, 120).replace(/\s+\S*$/, '')} [1].`;
}

function completion(req: RecordedRequest, content: string, usage = { prompt: 120, completion: 30 }): string {
  return JSON.stringify({
    id: `chatcmpl-fake-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  });
}

/** Starts the fake on an ephemeral port. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: Behaviour[] = [];
  let fallback: Behaviour = { kind: 'answer', content: grounded };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
      };
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        json(404, JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
        return;
      }
      if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
        json(401, JSON.stringify({ error: { message: 'missing API key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      let parsed: { model?: unknown; messages?: unknown; max_tokens?: unknown };
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
      } catch {
        json(400, JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
        return;
      }
      const rec: RecordedRequest = {
        model: String(parsed.model),
        messages: Array.isArray(parsed.messages) ? (parsed.messages as RecordedRequest['messages']) : [],
        ...(typeof parsed.max_tokens === 'number' ? { maxTokens: parsed.max_tokens } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      };
      requests.push(rec);
      const b = queue.shift() ?? fallback;
      switch (b.kind) {
        case 'answer': {
          const send = (): void => {
            if (!res.destroyed) json(200, completion(rec, typeof b.content === 'function' ? b.content(rec) : b.content, b.usage));
          };
          const later = (): void => void (b.delayMs ? setTimeout(send, b.delayMs) : send());
          if (b.gate) void b.gate.then(later);
          else later();
          return;
        }
        case 'status':
          json(b.status, JSON.stringify({ error: { message: b.message ?? `fake error ${b.status}`, type: 'server_error' } }), b.headers);
          return;
        case 'malformed':
          json(200, '{"id": "chatcmpl-broken", "choices": [ {"message": ');
          return;
        case 'hang':
          return;
        case 'stall':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id": "chatcmpl-stalled", ');
          return;
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...b) => void queue.push(...b),
    setDefault: (b) => {
      fallback = b;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      fallback = { kind: 'answer', content: grounded };
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
