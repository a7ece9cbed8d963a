// LevelMeter: how loud a MediaStream is right now, from a WebAudio AnalyserNode.
// One shared AudioContext; the analysers are never connected to the speakers
// (the <audio> elements play the sound).

let sharedContext = null;

export function audioContext() {
  if (!sharedContext) {
    const Context = globalThis.AudioContext ?? globalThis.webkitAudioContext;
    if (!Context) return null;
    sharedContext = new Context();
  }
  // Browsers start a context suspended until a user gesture; join() is one.
  if (sharedContext.state === 'suspended') sharedContext.resume().catch(() => {});
  return sharedContext;
}

// RMS of full-scale speech sits around 0.05–0.3; the fake microphone's beep is
// well above this, room noise after noise suppression well below.
const SPEAKING_THRESHOLD = 0.02;
// Keeps the indicator from flickering between syllables.
const SPEAKING_HOLD_MS = 300;

export class LevelMeter {
  #source;
  #analyser;
  #samples;
  #lastLoud = -Infinity;
  level = 0;

  constructor(stream) {
    const context = audioContext();
    if (!context || stream.getAudioTracks().length === 0) {
      throw new Error('no audio to measure');
    }
    this.#source = context.createMediaStreamSource(stream);
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
  }

  // Returns { level: 0…1 (RMS), speaking: boolean }.
  sample(now = performance.now()) {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const x of this.#samples) sum += x * x;
    const rms = Math.sqrt(sum / this.#samples.length);
    this.level = Number.isFinite(rms) ? rms : 0;
    if (this.level >= SPEAKING_THRESHOLD) this.#lastLoud = now;
    return { level: this.level, speaking: now - this.#lastLoud < SPEAKING_HOLD_MS };
  }

  stop() {
    try { this.#source.disconnect(); } catch { /* already disconnected */ }
  }
}
