// Socket: the signaling WebSocket. JSON envelopes in and out; everything else
// (what the events mean) belongs to the Orchestrator.

// The server drops a peer after 15 minutes without client frames (PROTOCOL.md);
// a ping every 30 s also keeps NATs and proxies from closing an idle socket.
const KEEPALIVE_INTERVAL_MS = 30_000;
// A connection whose network path died sends no close: a ping left unanswered this long ends it.
const ANSWER_TIMEOUT_MS = 15_000;
const LIVENESS_TICK_MS = 1_000;
// Our own close code (4000–4999 are the application's) for a connection given up on.
export const CLOSE_UNANSWERED = 4000;

export function signalingURL(location, room, { name, token } = {}) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  if (name) params.set('name', name);
  if (token) params.set('token', token);
  const query = params.toString();
  return `${scheme}//${location.host}/webrtc/${encodeURIComponent(room)}${query ? `?${query}` : ''}`;
}

export class Socket {
  #ws = null;
  #keepalive = null;
  #handlers;
  #lastInbound = 0;
  #pingSentAt = null;
  #nextPingAt = 0;

  // handlers: onOpen(), onMessage(envelope), onClose({code, reason, wasClean}),
  // onUndecodable(text) for frames that are neither `pong` nor a JSON object.
  constructor(handlers) {
    this.#handlers = handlers;
  }

  get state() {
    if (!this.#ws) return 'closed';
    return ['connecting', 'open', 'closing', 'closed'][this.#ws.readyState] ?? 'closed';
  }

  open(url) {
    this.close();
    const ws = new WebSocket(url);
    this.#ws = ws;
    ws.addEventListener('open', () => {
      if (this.#ws !== ws) return;
      this.#lastInbound = Date.now();
      this.#pingSentAt = null;
      this.#nextPingAt = Date.now() + KEEPALIVE_INTERVAL_MS;
      this.#keepalive = setInterval(() => this.#keepAlive(), LIVENESS_TICK_MS);
      this.#handlers.onOpen?.();
    });
    ws.addEventListener('message', (event) => {
      if (this.#ws !== ws) return;
      this.#lastInbound = Date.now();
      this.#receive(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (this.#ws !== ws) return;
      this.#stopKeepalive();
      this.#ws = null;
      this.#handlers.onClose?.({ code: event.code, reason: event.reason, wasClean: event.wasClean });
    });
    // A failed connection fires `error` then `close`; the close handler reports it.
  }

  send(envelope) {
    return this.sendRaw(JSON.stringify(envelope));
  }

  // Sends text exactly as given (keepalive, and the test hook for malformed input).
  sendRaw(text) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(text);
    return true;
  }

  // Pings now instead of at the next interval: media going quiet hints that the network changed.
  checkLiveness() {
    if (this.#pingSentAt === null) this.#nextPingAt = 0;
  }

  #keepAlive() {
    const now = Date.now();
    if (this.#pingSentAt !== null) {
      if (this.#lastInbound >= this.#pingSentAt) {
        this.#pingSentAt = null;
      } else if (now - this.#pingSentAt >= ANSWER_TIMEOUT_MS) {
        this.#abandon();
        return;
      }
    }
    if (this.#pingSentAt === null && now >= this.#nextPingAt && this.sendRaw('ping')) {
      this.#pingSentAt = now;
      this.#nextPingAt = now + KEEPALIVE_INTERVAL_MS;
    }
  }

  // The close handshake cannot complete on a dead path: report the end now and let it go.
  #abandon() {
    const ws = this.#ws;
    this.#stopKeepalive();
    this.#ws = null;
    try {
      ws?.close(CLOSE_UNANSWERED, 'no answer');
    } catch {
      // Closing a dead socket may throw in some browsers; it is gone either way.
    }
    this.#handlers.onClose?.({ code: CLOSE_UNANSWERED, reason: 'the server stopped answering', wasClean: false });
  }

  close() {
    this.#stopKeepalive();
    const ws = this.#ws;
    this.#ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'leaving');
  }

  #stopKeepalive() {
    if (this.#keepalive !== null) clearInterval(this.#keepalive);
    this.#keepalive = null;
  }

  #receive(data) {
    // Binary frames carry nothing in this protocol; the server ignores them too.
    if (typeof data !== 'string') return;
    // The keepalive answer is a bare text frame, not JSON.
    if (data === 'pong') return;
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.#handlers.onUndecodable?.(data);
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message) ||
        typeof message.event !== 'string') {
      this.#handlers.onUndecodable?.(data);
      return;
    }
    this.#handlers.onMessage?.(message);
  }
}
