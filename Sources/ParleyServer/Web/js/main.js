// Wires the page together: DomManager (the document), Orchestrator (the call).

import { DomManager } from './dom_manager.js';
import { Orchestrator } from './orchestrator.js';

const DEFAULT_ROOM = 'lobby';

const dom = new DomManager(document);
const initial = dom.readLocation();
dom.fillForm({ name: dom.storedName(), room: initial.room || DEFAULT_ROOM, token: initial.token });
dom.setJoined(false);
dom.setMuted(false, false);

const orchestrator = new Orchestrator(dom, { raw: initial.raw });

function guestName() {
  return `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
}

async function join(overrides = {}) {
  if (orchestrator.joined) return;
  const form = { ...dom.readForm(), ...overrides };
  const name = (form.name ?? '').trim() || guestName();
  const room = (form.room ?? '').trim() || DEFAULT_ROOM;
  const token = form.token ?? '';
  dom.fillForm({ name, room });
  dom.rememberName(name);
  dom.showRoomInLocation(room);
  await orchestrator.join({ room, name, token });
}

dom.onJoin((form) => { join(form); });
dom.onLeave(() => orchestrator.leave());
dom.onMuteToggle(() => orchestrator.toggleMute());
dom.onRoomInput((room) => dom.setRoomTitle(room || DEFAULT_ROOM));
dom.onLocationRoomChange((room) => {
  if (!orchestrator.joined && room) dom.fillForm({ room });
});
window.addEventListener('pagehide', () => orchestrator.leave());

// For automation (the browser tests) and for poking at a call from the console.
window.parley = Object.freeze({
  join: (options) => join(options),
  leave: () => orchestrator.leave(),
  toggleMute: () => orchestrator.toggleMute(),
  sendRaw: (text) => orchestrator.sendRaw(text),
  restartIce: (peerId) => orchestrator.restartIce(peerId),
  state: () => ({
    ...orchestrator.state(),
    listed: dom.listedPeers(),
    errors: dom.shownErrors(),
    status: dom.statusText(),
  }),
  stats: () => orchestrator.stats(),
});
