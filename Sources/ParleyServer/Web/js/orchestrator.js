// Orchestrator: the signaling protocol (PROTOCOL.md) and one RTCPeerConnection per remote peer.
//
// Roles never change: peers already in the room offer to a newcomer when they get `joined`;
// the newcomer answers. Every step for one peer runs on that peer's own promise chain,
// so an answer or a candidate is never applied before the description it depends on.

import { Socket, signalingURL } from './socket.js';
import { LevelMeter, audioContext } from './level_meter.js';
import { stateKind } from './dom_manager.js';

const LEVEL_INTERVAL_MS = 100;
const CONFIG_TIMEOUT_MS = 3_000;
// Remembered so late messages from a peer that left do not bring it back.
const GONE_MEMORY = 256;
const CLOSED_HISTORY = 32;

const PEER_ID = /^[0-9A-Za-z-]{1,64}$/;

function isPeerId(value) {
  return typeof value === 'string' && PEER_ID.test(value);
}

function nameFrom(metadata) {
  if (metadata && typeof metadata === 'object' && typeof metadata.name === 'string') {
    const name = metadata.name.trim();
    return name === '' ? null : name;
  }
  return null;
}

function iceUfrag(description) {
  return description?.sdp?.match(/^a=ice-ufrag:(\S+)/m)?.[1] ?? null;
}

function isSessionDescription(data, type) {
  return data !== null && typeof data === 'object' && data.type === type && typeof data.sdp === 'string';
}

function microphoneProblem(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Permission to use the microphone was refused.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone is in use by another program or could not be opened.';
    default:
      return error?.message || String(error);
  }
}

export class Orchestrator {
  #ui;
  #socket;
  #phase = 'idle'; // idle → starting → connecting → joined → idle
  #attempt = 0; // tells a join() still awaiting media apart from a newer one
  #selfId = null;
  #room = null;
  #name = '';
  #raw = false;
  #iceServers = [];
  #localStream = null;
  #selfMeter = null;
  #muted = false;
  #levelTimer = null;
  #peers = new Map();
  #gone = new Set();
  #closed = [];
  #lastJoin = null;
  #reconnect = { attempts: 0, timer: null };

  constructor(ui, { raw = false } = {}) {
    this.#ui = ui;
    this.#raw = raw;
    this.#socket = new Socket({
      onOpen: () => this.#onSocketOpen(),
      onMessage: (message) => this.#onMessage(message),
      onClose: (info) => this.#onSocketClose(info),
      onUndecodable: (text) => console.warn('parley: ignoring undecodable frame', text.slice(0, 200)),
    });
  }

  get joined() {
    return this.#phase !== 'idle';
  }

  // ---------------------------------------------------------------- join / leave

  async join({ room, name, token }, { reconnecting = false } = {}) {
    if (this.#phase !== 'idle') return;
    clearTimeout(this.#reconnect.timer);
    this.#reconnect.timer = null;
    if (!reconnecting) this.#reconnect.attempts = 0;
    this.#lastJoin = { room, name, token };
    this.#phase = 'starting';
    const attempt = ++this.#attempt;
    const stillStarting = () => this.#phase === 'starting' && this.#attempt === attempt;
    this.#room = room;
    this.#name = name;
    this.#selfId = null;
    this.#gone.clear();
    this.#ui.clearErrors();
    this.#ui.setJoined(true);
    // Created inside the click that called join(), so the browser lets it run.
    audioContext();

    this.#ui.setStatus('Asking for your microphone…');
    const stream = await this.#openMicrophone();
    if (!stillStarting()) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      return;
    }
    this.#localStream = stream;
    this.#ui.showSelf({ id: null, name });
    this.#ui.setSelfState(this.#localStream ? 'microphone on' : 'listening only', this.#localStream ? 'ok' : 'warn');
    this.#setMuted(false);
    if (this.#localStream) {
      try {
        this.#selfMeter = new LevelMeter(this.#localStream);
      } catch (error) {
        console.warn('parley: no level meter for the microphone', error);
      }
    }

    this.#ui.setStatus('Loading the server configuration…');
    this.#iceServers = await this.#fetchIceServers();
    if (!stillStarting()) return;

    this.#phase = 'connecting';
    this.#ui.setStatus(`Connecting to room “${room}”…`);
    this.#levelTimer = setInterval(() => this.#sampleLevels(), LEVEL_INTERVAL_MS);
    this.#socket.open(signalingURL(location, room, { name, token }));
  }

  leave(reason = 'You left the room.') {
    // Leaving also cancels a rejoin that was waiting (the user pressed Leave meanwhile).
    clearTimeout(this.#reconnect.timer);
    this.#reconnect = { attempts: 0, timer: null };
    if (this.#phase === 'idle') return;
    this.#phase = 'idle';
    this.#attempt += 1;
    this.#socket.close();
    for (const entry of [...this.#peers.values()]) this.#dropPeer(entry);
    this.#stopLocalMedia();
    if (this.#levelTimer !== null) clearInterval(this.#levelTimer);
    this.#levelTimer = null;
    this.#selfId = null;
    this.#ui.hideSelf();
    this.#ui.setJoined(false);
    this.#ui.setMuted(false, false);
    this.#ui.setStatus(reason);
  }

  toggleMute() {
    if (!this.#localStream) return;
    this.#setMuted(!this.#muted);
  }

  // ---------------------------------------------------------------- test hooks

  sendRaw(text) {
    return this.#socket.sendRaw(text);
  }

  // What the connection-state watcher does, on demand: a new ICE generation now.
  restartIce(peerId) {
    const entry = this.#peers.get(peerId);
    if (!entry?.pc) return false;
    const pc = entry.pc;
    this.#enqueue(entry, () => this.#restartIce(entry, pc));
    return true;
  }

  state() {
    return {
      phase: this.#phase,
      socket: this.#socket.state,
      selfId: this.#selfId,
      room: this.#room,
      name: this.#name,
      microphone: Boolean(this.#localStream),
      muted: this.#muted,
      microphoneEnabled: this.#localStream?.getAudioTracks()[0]?.enabled ?? null,
      iceServers: this.#iceServers,
      peers: [...this.#peers.values()].map((entry) => ({
        id: entry.id,
        name: entry.name,
        connectionState: entry.pc?.connectionState ?? null,
        iceConnectionState: entry.pc?.iceConnectionState ?? null,
        signalingState: entry.pc?.signalingState ?? null,
        dtlsState: entry.pc?.getReceivers()[0]?.transport?.state ?? null,
        localIceUfrag: iceUfrag(entry.pc?.currentLocalDescription),
        remoteIceUfrag: iceUfrag(entry.pc?.currentRemoteDescription),
        receiving: Boolean(entry.stream),
        level: entry.meter?.level ?? 0,
      })),
      closed: [...this.#closed],
      selfLevel: this.#selfMeter?.level ?? 0,
    };
  }

  async stats() {
    const result = {};
    for (const entry of this.#peers.values()) {
      const row = {
        name: entry.name,
        packetsReceived: 0,
        totalAudioEnergy: 0,
        audioLevel: 0,
        bytesReceived: 0,
        connectionState: entry.pc?.connectionState ?? null,
        iceConnectionState: entry.pc?.iceConnectionState ?? null,
      };
      if (entry.pc) {
        const report = await entry.pc.getStats();
        report.forEach((stat) => {
          if (stat.type !== 'inbound-rtp' || (stat.kind ?? stat.mediaType) !== 'audio') return;
          row.packetsReceived += stat.packetsReceived ?? 0;
          row.bytesReceived += stat.bytesReceived ?? 0;
          row.totalAudioEnergy += stat.totalAudioEnergy ?? 0;
          row.audioLevel = Math.max(row.audioLevel, stat.audioLevel ?? 0);
        });
      }
      result[entry.id] = row;
    }
    return result;
  }

  // ---------------------------------------------------------------- signaling

  #send(event, to, data) {
    this.#socket.send({ event, to, data });
  }

  #onSocketOpen() {
    this.#ui.setStatus(`Connected to the server, waiting for room “${this.#room}”…`);
  }

  // A call that was in the room rejoins by itself, with growing waits (0.5 s doubling to 15 s,
  // jittered), until it gets in or the user leaves; a first join that fails is only reported.
  #onSocketClose({ code, reason }) {
    if (this.#phase === 'idle') return;
    const wasIn = this.#phase === 'joined';
    const why = `code ${code}${reason ? `: ${reason}` : ''}`;
    if (!wasIn && this.#reconnect.attempts === 0) {
      const text = `Could not enter room “${this.#room}” (${why}). ` +
        'The server may be unreachable, the room may need a token, or the room name is not allowed.';
      this.leave(text);
      this.#ui.setStatus(text, 'bad');
      return;
    }
    const step = Math.min(15, 0.5 * 2 ** this.#reconnect.attempts);
    const delay = step * (0.5 + Math.random() / 2);
    this.#reconnect.attempts += 1;
    const text = `${wasIn ? 'Disconnected from the server' : 'Could not reach the server'} (${why}); ` +
      `reconnecting in ${delay.toFixed(1)} s…`;
    const again = this.#lastJoin;
    const attempts = this.#reconnect.attempts;
    this.leave(text);
    this.#ui.setStatus(text, 'bad');
    this.#reconnect.attempts = attempts;
    this.#reconnect.timer = setTimeout(() => {
      this.#reconnect.timer = null;
      if (this.#phase === 'idle' && again) this.join(again, { reconnecting: true });
    }, delay * 1000);
  }

  #onMessage(message) {
    const { event, data } = message;
    // Any relayed message may carry the sender's name (membrane's from_metadata variant).
    if (isPeerId(message.from)) {
      const name = nameFrom(message.from_metadata);
      const entry = this.#peers.get(message.from);
      if (name && entry && entry.name !== name) {
        entry.name = name;
        this.#ui.upsertPeer(entry.id, { name });
      }
    }
    switch (event) {
      case 'authenticated': return this.#onAuthenticated(data);
      case 'joined': return this.#onJoined(message);
      case 'left': return this.#onLeft(data);
      case 'offer': return this.#onOffer(message);
      case 'answer': return this.#onAnswer(message);
      case 'candidate': return this.#onCandidate(message);
      case 'error': return this.#onServerError(data);
      default:
        console.debug('parley: ignoring event', event);
    }
  }

  #onAuthenticated(data) {
    if (!data || !isPeerId(data.peer_id)) return;
    this.#selfId = data.peer_id;
    this.#phase = 'joined';
    this.#reconnect.attempts = 0;
    if (typeof data.room === 'string') this.#room = data.room;
    this.#ui.showSelf({ id: this.#selfId, name: this.#name });
    // Parley lists who is present; they will still be the ones to offer.
    if (Array.isArray(data.peers)) {
      for (const peer of data.peers) {
        if (!peer || !isPeerId(peer.peer_id) || peer.peer_id === this.#selfId) continue;
        if (this.#gone.has(peer.peer_id)) continue;
        this.#ensurePeer(peer.peer_id, nameFrom(peer.metadata));
      }
    }
    this.#updateRoomStatus();
  }

  #onJoined(message) {
    const id = isPeerId(message.data?.peer_id) ? message.data.peer_id : message.from;
    if (!isPeerId(id) || id === this.#selfId) return;
    const name = nameFrom(message.data?.metadata) ?? nameFrom(message.from_metadata);
    let entry = this.#peers.get(id);
    if (entry?.pc) {
      // Same id joining twice means the old connection is stale.
      this.#closePeerConnection(entry);
    }
    this.#gone.delete(id);
    entry = this.#ensurePeer(id, name);
    this.#enqueue(entry, () => this.#sendOffer(entry));
    this.#updateRoomStatus();
  }

  #onLeft(data) {
    const id = data?.peer_id;
    if (!isPeerId(id) || id === this.#selfId) return;
    const entry = this.#peers.get(id);
    this.#rememberGone(id);
    if (entry) this.#dropPeer(entry);
    this.#updateRoomStatus();
  }

  #onOffer(message) {
    const id = message.from;
    if (!isPeerId(id) || this.#gone.has(id)) return;
    if (!isSessionDescription(message.data, 'offer')) {
      console.warn('parley: malformed offer from', id);
      return;
    }
    const entry = this.#ensurePeer(id, nameFrom(message.from_metadata));
    this.#enqueue(entry, () => this.#answerOffer(entry, message.data));
    this.#updateRoomStatus();
  }

  #onAnswer(message) {
    const entry = this.#peers.get(message.from);
    if (!entry) return;
    if (!isSessionDescription(message.data, 'answer')) {
      console.warn('parley: malformed answer from', entry.id);
      return;
    }
    this.#enqueue(entry, async () => {
      const pc = entry.pc;
      if (!pc || pc.signalingState !== 'have-local-offer') {
        console.warn('parley: unexpected answer from', entry.id, pc?.signalingState);
        return;
      }
      await pc.setRemoteDescription({ type: 'answer', sdp: message.data.sdp });
      await this.#flushCandidates(entry);
    });
  }

  #onCandidate(message) {
    const entry = this.#peers.get(message.from);
    const init = message.data;
    // A candidate from a peer we have no connection with is a leftover of one that is gone.
    if (!entry || !init || typeof init !== 'object' || typeof init.candidate !== 'string') return;
    this.#enqueue(entry, async () => {
      if (!entry.pc || !entry.pc.remoteDescription) {
        entry.pendingCandidates.push(init);
        return;
      }
      await this.#addCandidate(entry.pc, init);
    });
  }

  #onServerError(data) {
    const description = typeof data?.description === 'string' ? data.description : 'Server error';
    this.#ui.showError(description, data?.details);
  }

  // ---------------------------------------------------------------- peers

  #ensurePeer(id, name) {
    let entry = this.#peers.get(id);
    if (!entry) {
      entry = {
        id,
        name: name ?? null,
        pc: null,
        stream: null,
        meter: null,
        pendingCandidates: [],
        chain: Promise.resolve(),
        dropped: false,
        // Whoever made the first offer restarts ICE when the path dies (as the terminal does),
        // so restart offers never cross.
        offeredFirst: false,
        restart: { attempts: 0, timer: null },
      };
      this.#peers.set(id, entry);
      this.#ui.upsertPeer(id, { name: entry.name });
      this.#ui.setPeerState(id, 'waiting for connection', 'warn');
    } else if (name && entry.name !== name) {
      entry.name = name;
      this.#ui.upsertPeer(id, { name });
    }
    return entry;
  }

  #enqueue(entry, step) {
    entry.chain = entry.chain.then(async () => {
      if (entry.dropped) return;
      try {
        await step();
      } catch (error) {
        if (entry.dropped) return;
        console.error('parley: negotiation with', entry.id, 'failed', error);
        this.#ui.showError(`Could not connect to ${entry.name ?? entry.id.slice(0, 8)}`, error?.message ?? String(error));
        this.#ui.setPeerState(entry.id, 'negotiation failed', 'bad');
      }
    });
    return entry.chain;
  }

  #createPeerConnection(entry) {
    const pc = new RTCPeerConnection({ iceServers: this.#iceServers });
    entry.pc = pc;
    entry.pendingCandidates = [];
    const current = () => entry.pc === pc && !entry.dropped;

    pc.addEventListener('icecandidate', ({ candidate }) => {
      // A null candidate only marks the end of gathering locally; the protocol has no message for it.
      if (!current() || !candidate) return;
      this.#send('candidate', [entry.id], candidate.toJSON());
    });
    pc.addEventListener('track', (event) => {
      if (!current() || event.track.kind !== 'audio') return;
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      entry.stream = stream;
      this.#ui.attachAudio(entry.id, stream);
      entry.meter?.stop();
      try {
        entry.meter = new LevelMeter(stream);
      } catch (error) {
        console.warn('parley: no level meter for', entry.id, error);
        entry.meter = null;
      }
    });
    const showState = () => {
      if (!current()) return;
      this.#showPeerState(entry);
      this.#updateRoomStatus();
      // The network may have changed under the signaling socket as well.
      if (pc.iceConnectionState === 'disconnected') this.#socket.checkLiveness();
      this.#watchForRestart(entry, pc);
    };
    pc.addEventListener('connectionstatechange', showState);
    pc.addEventListener('iceconnectionstatechange', showState);
    pc.addEventListener('signalingstatechange', showState);
    this.#showPeerState(entry);
    return pc;
  }

  #showPeerState(entry) {
    const pc = entry.pc;
    if (!pc) return;
    const text = pc.connectionState === pc.iceConnectionState
      ? pc.connectionState
      : `${pc.connectionState} · ICE ${pc.iceConnectionState}`;
    this.#ui.setPeerState(entry.id, text, stateKind(pc.connectionState));
  }

  #addLocalAudio(pc, role) {
    const track = this.#localStream?.getAudioTracks()[0];
    if (track) {
      pc.addTrack(track, this.#localStream);
      return;
    }
    if (role === 'offer') {
      pc.addTransceiver('audio', { direction: 'recvonly' });
    } else {
      for (const transceiver of pc.getTransceivers()) {
        if (transceiver.receiver.track?.kind === 'audio' && !transceiver.stopped) {
          transceiver.direction = 'recvonly';
        }
      }
    }
  }

  // ICE restart (RFC 8445 §9) on the same connection: new credentials and checks, the same
  // DTLS association. Tried at once when the connection fails or has been disconnected for a
  // while, then again with growing waits until it is back.
  #watchForRestart(entry, pc) {
    const restart = entry.restart;
    if (pc.connectionState === 'connected') {
      clearTimeout(restart.timer);
      restart.timer = null;
      restart.attempts = 0;
      return;
    }
    if (!entry.offeredFirst || restart.timer !== null) return;
    if (pc.iceConnectionState !== 'failed' && pc.iceConnectionState !== 'disconnected') return;
    const grace = pc.iceConnectionState === 'disconnected' && restart.attempts === 0 ? 3000 : 0;
    const wait = Math.max(grace, restart.attempts === 0 ? 0 : Math.min(30, 2 ** restart.attempts) * 1000);
    restart.timer = setTimeout(() => {
      restart.timer = null;
      if (entry.pc !== pc || entry.dropped || pc.connectionState === 'connected') return;
      restart.attempts += 1;
      this.#enqueue(entry, () => this.#restartIce(entry, pc));
      // If this one does not bring it back, the next follows.
      restart.timer = setTimeout(() => {
        restart.timer = null;
        this.#watchForRestart(entry, pc);
      }, 10000);
    }, wait);
  }

  async #restartIce(entry, pc) {
    if (entry.pc !== pc || pc.signalingState !== 'stable') return;
    console.info('parley: restarting ICE with', entry.id);
    pc.restartIce();
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    if (entry.pc !== pc) return;
    const { type, sdp } = pc.localDescription;
    this.#send('offer', [entry.id], { type, sdp });
  }

  async #sendOffer(entry) {
    entry.offeredFirst = true;
    const pc = this.#createPeerConnection(entry);
    this.#addLocalAudio(pc, 'offer');
    await pc.setLocalDescription(await pc.createOffer());
    if (entry.pc !== pc) return;
    const { type, sdp } = pc.localDescription;
    this.#send('offer', [entry.id], { type, sdp });
  }

  async #answerOffer(entry, offer) {
    let pc = entry.pc;
    // A later offer on a connection that has completed a negotiation (an ICE restart) is
    // answered on it, rolling back an offer of ours that crossed it; a new offer on one that
    // never completed replaces it.
    if (pc && pc.signalingState !== 'stable' && !pc.currentRemoteDescription) {
      this.#closePeerConnection(entry);
      pc = null;
    }
    const fresh = !pc;
    if (fresh) {
      entry.offeredFirst = false;
      pc = this.#createPeerConnection(entry);
    }
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    if (fresh) this.#addLocalAudio(pc, 'answer');
    await this.#flushCandidates(entry);
    await pc.setLocalDescription(await pc.createAnswer());
    if (entry.pc !== pc) return;
    const { type, sdp } = pc.localDescription;
    this.#send('answer', [entry.id], { type, sdp });
  }

  async #flushCandidates(entry) {
    const queued = entry.pendingCandidates;
    entry.pendingCandidates = [];
    for (const init of queued) await this.#addCandidate(entry.pc, init);
  }

  async #addCandidate(pc, init) {
    try {
      // An empty `candidate` is the remote end-of-candidates marker, which addIceCandidate understands.
      await pc.addIceCandidate(init);
    } catch (error) {
      // One unusable candidate (an unresolvable .local name, a stale ufrag) must not end the call.
      console.warn('parley: candidate not added', init.candidate, error);
    }
  }

  #closePeerConnection(entry) {
    const pc = entry.pc;
    if (!pc) return null;
    entry.pc = null;
    clearTimeout(entry.restart.timer);
    entry.restart = { attempts: 0, timer: null };
    pc.close();
    entry.meter?.stop();
    entry.meter = null;
    entry.stream = null;
    this.#ui.detachAudio(entry.id);
    return pc;
  }

  #dropPeer(entry) {
    entry.dropped = true;
    const pc = this.#closePeerConnection(entry);
    this.#peers.delete(entry.id);
    this.#ui.removePeer(entry.id);
    this.#closed.push({
      id: entry.id,
      name: entry.name,
      connectionState: pc?.connectionState ?? null,
      signalingState: pc?.signalingState ?? null,
    });
    if (this.#closed.length > CLOSED_HISTORY) this.#closed.shift();
  }

  #rememberGone(id) {
    this.#gone.add(id);
    if (this.#gone.size > GONE_MEMORY) this.#gone.delete(this.#gone.values().next().value);
  }

  // ---------------------------------------------------------------- media

  async #openMicrophone() {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#ui.showError('Microphone unavailable',
        'This page is not in a secure context (use https:// or localhost). You can still listen.');
      return null;
    }
    // Echo cancellation, noise suppression and gain control suit a call but flatten test tones.
    const processing = !this.#raw;
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: {
          echoCancellation: processing,
          noiseSuppression: processing,
          autoGainControl: processing,
        },
        video: false,
      });
    } catch (error) {
      this.#ui.showError('Microphone unavailable', `${microphoneProblem(error)} You can still listen.`);
      return null;
    }
  }

  #stopLocalMedia() {
    this.#selfMeter?.stop();
    this.#selfMeter = null;
    for (const track of this.#localStream?.getTracks() ?? []) track.stop();
    this.#localStream = null;
    this.#muted = false;
  }

  #setMuted(muted) {
    this.#muted = muted;
    for (const track of this.#localStream?.getAudioTracks() ?? []) track.enabled = !muted;
    this.#ui.setMuted(muted, Boolean(this.#localStream));
    if (this.#localStream) {
      this.#ui.setSelfState(muted ? 'muted' : 'microphone on', muted ? 'warn' : 'ok');
    }
  }

  #sampleLevels() {
    const now = performance.now();
    if (this.#selfMeter) {
      const { level, speaking } = this.#selfMeter.sample(now);
      this.#ui.setSelfLevel(level, speaking && !this.#muted);
    }
    for (const entry of this.#peers.values()) {
      if (!entry.meter) continue;
      const { level, speaking } = entry.meter.sample(now);
      this.#ui.setPeerLevel(entry.id, level, speaking);
    }
  }

  async #fetchIceServers() {
    // An unmodified membrane server has no /api/config: fall back to host candidates only.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CONFIG_TIMEOUT_MS);
    try {
      const response = await fetch('/api/config', { signal: controller.signal, cache: 'no-store' });
      if (!response.ok) return [];
      const config = await response.json();
      return Array.isArray(config?.iceServers) ? config.iceServers : [];
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  // ---------------------------------------------------------------- status line

  #updateRoomStatus() {
    if (this.#phase !== 'joined') return;
    const total = this.#peers.size;
    const connected = [...this.#peers.values()].filter((e) => e.pc?.connectionState === 'connected').length;
    let text = `In room “${this.#room}” as ${this.#name || 'Guest'}. `;
    if (total === 0) text += 'Nobody else is here yet.';
    else text += `${connected} of ${total} ${total === 1 ? 'person' : 'people'} connected.`;
    this.#ui.setStatus(text, connected === total ? 'ok' : 'warn');
  }
}
