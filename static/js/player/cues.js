// Pips, a chime, a voice and a buzz, each behind the person's own switch. Web Audio tones
// need no file; browsers only allow audio started from a tap or key, so unlock() runs then.
export class Cues {
  constructor(prefs) {
    this.prefs = prefs;
    this.audio = null;
  }

  unlock() {
    if (!this.prefs.sound || this.audio) { return; }
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try { this.audio = new Context(); } catch (e) { this.audio = null; }
  }

  tone(frequency, seconds, delay) {
    if (!this.prefs.sound || !this.audio) { return; }
    try {
      const at = this.audio.currentTime + (delay || 0);
      const osc = this.audio.createOscillator();
      const gain = this.audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.18, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
      osc.connect(gain);
      gain.connect(this.audio.destination);
      osc.start(at);
      osc.stop(at + seconds);
    } catch (e) { /* audio unavailable */ }
  }

  pip() { this.tone(660, 0.12); }

  change() {
    this.tone(880, 0.3);
    this.buzz(200);
  }

  chime() {
    [523, 659, 784, 1047].forEach((f, i) => this.tone(f, 0.5, i * 0.18));
    this.buzz([120, 80, 120, 80, 300]);
  }

  buzz(pattern) {
    if (!this.prefs.vibrate || !navigator.vibrate) { return; }
    try { navigator.vibrate(pattern); } catch (e) { /* not allowed */ }
  }

  say(text) {
    if (!this.prefs.voice || !text || !window.speechSynthesis || !window.SpeechSynthesisUtterance) {
      return;
    }
    try {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new window.SpeechSynthesisUtterance(text));
    } catch (e) { /* no voice */ }
  }
}
