// Socket: the signaling WebSocket. JSON envelopes in and out; everything else
// (what the events mean) belongs to the Orchestrator.

// The server drops a peer after 15 minutes without client frames (PROTOCOL.md);
// a ping every 30 s also keeps NATs and proxies from closing an idle socket.
const KEEPALIVE_INTERVAL_MS = 30_000;

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
      this.#keepalive = setInterval(() => this.sendRaw('ping'), KEEPALIVE_INTERVAL_MS);
      this.#handlers.onOpen?.();
    });
    ws.addEventListener('message', (event) => {
      if (this.#ws !== ws) return;
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
