// DomManager: the only module that touches the document.

const STATE_KIND = {
  connected: 'ok',
  completed: 'ok',
  new: 'warn',
  connecting: 'warn',
  checking: 'warn',
  waiting: 'warn',
  disconnected: 'bad',
  failed: 'bad',
  closed: 'bad',
};

const NAME_KEY = 'parley.name';

export function shortId(id) {
  return typeof id === 'string' ? id.slice(0, 8) : '';
}

export class DomManager {
  #doc;
  #el;
  #rows = new Map();
  #audio = new Map();

  constructor(doc = document) {
    this.#doc = doc;
    const byId = (id) => doc.getElementById(id);
    this.#el = {
      form: byId('join-form'),
      name: byId('name-input'),
      room: byId('room-input'),
      token: byId('token-input'),
      join: byId('join-button'),
      leave: byId('leave-button'),
      mute: byId('mute-button'),
      status: byId('status'),
      errors: byId('errors'),
      errorList: byId('error-list'),
      dismissErrors: byId('dismiss-errors'),
      roomTitle: byId('room-title'),
      peerList: byId('peer-list'),
      emptyNote: byId('empty-note'),
      selfRow: byId('self-row'),
      selfName: byId('self-name'),
      selfId: byId('self-id'),
      selfState: byId('self-state'),
      template: byId('peer-template'),
      audioSink: byId('audio-sink'),
    };
    this.#el.dismissErrors.addEventListener('click', () => this.clearErrors());
  }

  // ---- form and controls ----

  readForm() {
    return {
      name: this.#el.name.value.trim(),
      room: this.#el.room.value.trim(),
      token: this.#el.token.value,
    };
  }

  fillForm({ name, room, token }) {
    if (name !== undefined) this.#el.name.value = name;
    if (room !== undefined) {
      this.#el.room.value = room;
      this.setRoomTitle(room);
    }
    if (token) {
      this.#el.token.value = token;
      this.#el.token.closest('details')?.setAttribute('open', '');
    }
  }

  setRoomTitle(room) {
    this.#el.roomTitle.textContent = room;
    this.#doc.title = room ? `${room} · Parley` : 'Parley';
  }

  onJoin(handler) {
    this.#el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      handler(this.readForm());
    });
  }

  onLeave(handler) {
    this.#el.leave.addEventListener('click', () => handler());
  }

  onRoomInput(handler) {
    this.#el.room.addEventListener('input', () => handler(this.#el.room.value.trim()));
  }

  // The `m` key toggles mute, except while the user types into a field.
  onMuteToggle(handler) {
    this.#el.mute.addEventListener('click', () => handler());
    this.#doc.addEventListener('keydown', (event) => {
      if (event.key !== 'm' && event.key !== 'M') return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target;
      if (target instanceof Element &&
          (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]'))) {
        return;
      }
      if (this.#el.mute.disabled) return;
      event.preventDefault();
      handler();
    });
  }

  setJoined(joined) {
    this.#el.join.disabled = joined;
    this.#el.leave.disabled = !joined;
    for (const input of [this.#el.name, this.#el.room, this.#el.token]) input.readOnly = joined;
  }

  // available: whether there is a microphone track to mute at all.
  setMuted(muted, available) {
    this.#el.mute.disabled = !available;
    this.#el.mute.setAttribute('aria-pressed', String(Boolean(muted)));
    this.#el.mute.textContent = muted ? 'Unmute' : 'Mute';
    this.#el.selfRow.classList.toggle('muted', Boolean(muted));
  }

  // ---- status and errors ----

  setStatus(text, kind = '') {
    this.#el.status.textContent = text;
    if (kind) this.#el.status.dataset.kind = kind;
    else delete this.#el.status.dataset.kind;
  }

  showError(description, details) {
    const item = this.#doc.createElement('li');
    const strong = this.#doc.createElement('strong');
    strong.textContent = description;
    item.append(strong);
    if (details !== undefined && details !== null && details !== '') {
      const text = typeof details === 'string' ? details : JSON.stringify(details);
      item.append(`: ${text}`);
    }
    this.#el.errorList.append(item);
    this.#el.errors.hidden = false;
  }

  statusText() {
    return this.#el.status.textContent;
  }

  clearErrors() {
    this.#el.errorList.replaceChildren();
    this.#el.errors.hidden = true;
  }

  shownErrors() {
    return [...this.#el.errorList.children].map((li) => li.textContent);
  }

  // ---- people ----

  showSelf({ id, name }) {
    this.#el.selfRow.hidden = false;
    this.#el.selfName.textContent = name || 'You';
    this.#el.selfId.textContent = shortId(id);
    this.#el.selfId.title = id ?? '';
  }

  hideSelf() {
    this.#el.selfRow.hidden = true;
    this.#el.selfRow.classList.remove('speaking');
    this.#setMeter(this.#el.selfRow, 0);
  }

  setSelfState(text, kind = '') {
    this.#setState(this.#el.selfState, text, kind);
  }

  setSelfLevel(level, speaking) {
    this.#el.selfRow.classList.toggle('speaking', speaking);
    this.#setMeter(this.#el.selfRow, level);
  }

  upsertPeer(id, { name } = {}) {
    let row = this.#rows.get(id);
    if (!row) {
      row = this.#el.template.content.firstElementChild.cloneNode(true);
      row.dataset.peerId = id;
      row.querySelector('.id').textContent = shortId(id);
      row.querySelector('.id').title = id;
      this.#rows.set(id, row);
      this.#el.peerList.append(row);
      this.#updateEmptyNote();
    }
    const label = name || 'Guest';
    row.querySelector('.name').textContent = label;
    row.querySelector('.level').setAttribute('aria-label', `${label}'s voice level`);
  }

  setPeerState(id, text, kind) {
    const row = this.#rows.get(id);
    if (row) this.#setState(row.querySelector('.state'), text, kind);
  }

  setPeerLevel(id, level, speaking) {
    const row = this.#rows.get(id);
    if (!row) return;
    row.classList.toggle('speaking', speaking);
    this.#setMeter(row, level);
  }

  removePeer(id) {
    this.#rows.get(id)?.remove();
    this.#rows.delete(id);
    this.detachAudio(id);
    this.#updateEmptyNote();
  }

  clearPeers() {
    for (const id of [...this.#rows.keys()]) this.removePeer(id);
  }

  listedPeers() {
    return [...this.#el.peerList.querySelectorAll('li[data-peer-id]')].map((li) => ({
      id: li.dataset.peerId,
      name: li.querySelector('.name').textContent,
      state: li.querySelector('.state').textContent,
      speaking: li.classList.contains('speaking'),
    }));
  }

  // One autoplaying <audio> per remote peer plays its stream.
  attachAudio(id, stream) {
    let audio = this.#audio.get(id);
    if (!audio) {
      audio = this.#doc.createElement('audio');
      audio.autoplay = true;
      audio.dataset.peerId = id;
      this.#audio.set(id, audio);
      this.#el.audioSink.append(audio);
    }
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.play?.().catch(() => {
      this.setStatus('Your browser blocked audio playback: click anywhere on the page to hear the others.', 'warn');
      this.#doc.addEventListener('click', () => audio.play().catch(() => {}), { once: true });
    });
  }

  detachAudio(id) {
    const audio = this.#audio.get(id);
    if (!audio) return;
    audio.pause();
    audio.srcObject = null;
    audio.remove();
    this.#audio.delete(id);
  }

  // ---- location and storage ----

  // Room from `/#<room>` or `?room=<room>`; the token from `?token=`; `?raw=1` turns off
  // the browser's voice processing.
  readLocation() {
    const url = new URL(this.#doc.location.href);
    let hashRoom = '';
    try {
      hashRoom = decodeURIComponent(url.hash.replace(/^#/, '')).trim();
    } catch {
      hashRoom = url.hash.replace(/^#/, '').trim();
    }
    const raw = url.searchParams.get('raw');
    return {
      room: hashRoom || url.searchParams.get('room')?.trim() || '',
      token: url.searchParams.get('token') ?? '',
      raw: raw === '1' || raw === 'true',
    };
  }

  onLocationRoomChange(handler) {
    this.#doc.defaultView.addEventListener('hashchange', () => handler(this.readLocation().room));
  }

  showRoomInLocation(room) {
    const view = this.#doc.defaultView;
    const url = new URL(this.#doc.location.href);
    url.searchParams.delete('room');
    url.hash = encodeURIComponent(room);
    if (url.href !== this.#doc.location.href) view.history.replaceState(null, '', url.href);
  }

  storedName() {
    try {
      return this.#doc.defaultView.localStorage.getItem(NAME_KEY) ?? '';
    } catch {
      return '';
    }
  }

  // The tutorial's server read the name from a `credentials` cookie; Parley also takes `?name=`.
  rememberName(name) {
    try {
      this.#doc.defaultView.localStorage.setItem(NAME_KEY, name);
    } catch {
      // Private browsing can refuse storage; the name is still sent with the join.
    }
    const value = encodeURIComponent(JSON.stringify({ username: name }));
    this.#doc.cookie = `credentials=${value}; path=/; max-age=31536000; SameSite=Lax`;
  }

  // ---- helpers ----

  #setState(element, text, kind) {
    element.textContent = text;
    if (kind) element.dataset.kind = kind;
    else delete element.dataset.kind;
  }

  #setMeter(row, level) {
    const meter = row.querySelector('.level');
    // RMS of speech rarely exceeds 0.3; scale so normal speech fills most of the bar.
    const fraction = Math.min(1, Math.max(0, level * 4));
    meter.querySelector('.fill').style.transform = `scaleX(${fraction.toFixed(3)})`;
    const percent = String(Math.round(fraction * 100));
    if (meter.getAttribute('aria-valuenow') !== percent) meter.setAttribute('aria-valuenow', percent);
  }

  #updateEmptyNote() {
    this.#el.emptyNote.hidden = this.#rows.size > 0;
  }
}

export function stateKind(state) {
  return STATE_KIND[state] ?? '';
}
