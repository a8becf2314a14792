// The guided session on /today/<enrolment>/session/. The plan (built in routines/player.py)
// comes from a <script type="application/json">; this only plays it. Without JavaScript the
// page stays a checklist with the log form's link.
//
// Test speed: ?speed=N in the page's address (or data-speed on the session element) runs
// the clock N times faster without shortening any dose.
import * as clock from "./clock.js";
import { Cues } from "./cues.js";
import * as store from "./store.js";
import { save, showSummary, updatePain } from "./summary.js";
import * as view from "./view.js";

const TICK_MS = 100;
const SAVE_EVERY_MS = 1000;

function speedFactor(root) {
  const raw = new URLSearchParams(window.location.search).get("speed") || root.dataset.speed || "1";
  const value = parseFloat(raw);
  return isFinite(value) && value > 0 ? value : 1;
}

// "YYYY-MM-DDTHH:MM" now, in the person's own zone (their profile's, not the browser's).
function localStamp(zone) {
  const parts = {};
  try {
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date()).forEach((p) => { parts[p.type] = p.value; });
  } catch (e) {
    return new Date().toISOString().slice(0, 16);
  }
  return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
}


// This page may be the offline worker's copy: each session started gets its own key, so two
// sessions finished offline from one copy are never taken for one sent twice.
function newKey(fromServer) {
  return window.crypto && crypto.randomUUID ? crypto.randomUUID() : fromServer;
}

class Session {
  constructor(root) {
    this.root = root;
    this.plan = JSON.parse(document.getElementById("session-plan").textContent);
    this.speed = speedFactor(root);
    this.els = view.elements(root);
    this.prefs = store.loadPrefs();
    this.cues = new Cues(this.prefs);
    this.key = store.sessionKey(root.dataset.enrolment, localStamp(root.dataset.zone).slice(0, 10));
    this.s = null;
    this.timer = null;
    this.lastSecond = null;
    this.lastSaved = 0;
    this.wakeLock = null;
    this.leaving = false;
    this.pendingHref = null;
    this.howto = root.querySelector("[data-howto]");
    this.leave = root.querySelector("[data-leave]");
    this.bind();
    this.setUpPrefs();
    const saved = store.loadSession(this.key);
    if (saved && saved.finished) {
      this.s = saved;
      this.showSummary();
    } else if (saved && saved.steps === this.plan.steps.length) {
      this.s = clock.restore(saved, this.speed);
      this.enterPlayer();
      this.render(true, true);
      if (!this.s.waiting) {
        view.announce(this.els, "Paused where you left off. Press Resume to carry on.");
      }
    } else {
      this.show("start");
    }
  }

  get active() { return !!this.s && !this.s.finished && !this.leaving; }

  now() { return Date.now(); }

  show(name) {
    this.root.querySelectorAll("[data-view]").forEach((el) => { el.hidden = el.dataset.view !== name; });
    const focus = name === "player" || name === "summary";
    document.documentElement.classList.toggle("session-focus", focus);
    this.root.querySelector("[data-nojs]").hidden = name !== "start";
    this.els.steps.open = name === "start";
  }

  setUpPrefs() {
    this.root.querySelectorAll("[data-pref]").forEach((box) => {
      box.checked = !!this.prefs[box.dataset.pref];
      box.addEventListener("change", () => {
        this.prefs[box.dataset.pref] = box.checked;
        store.savePrefs(this.prefs);
        if (box.checked && box.dataset.pref === "sound") { this.cues.unlock(); }
      });
    });
  }

  bind() {
    const actions = {
      start: () => this.start(), toggle: () => this.toggle(), skip: () => this.skip(),
      count: () => this.count(), done: () => this.doneReps(), howto: () => this.openHowto(),
      "close-howto": () => this.howto.close(), exit: () => this.askToLeave(this.todayUrl()),
      stay: () => this.leave.close(), leave: () => this.goAway(), review: () => this.review(),
      discard: () => this.discard(), again: () => this.again(), next: () => this.skip(),
    };
    this.root.addEventListener("click", (event) => {
      const link = event.target.closest("[data-howto-link]");
      if (link && this.s && !this.s.finished) {
        event.preventDefault();
        this.openHowto(Number(link.dataset.howtoLink));
        return;
      }
      const button = event.target.closest("[data-action]");
      if (button && actions[button.dataset.action]) { actions[button.dataset.action](); }
    });
    this.root.querySelectorAll('[name="pain-after-pick"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        this.s.painAfter = radio.value;
        this.persist();
        updatePain(this.root, this.s);
      });
    });
    const form = this.root.querySelector("[data-save-form]");  // none on a try (data-trial)
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.save();
      });
    }
    // Links to the rest of the app ask first while a session runs.
    document.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (!link || !this.active || event.defaultPrevented || link.target === "_blank") { return; }
      if (link.hasAttribute("data-howto-link")) { return; }  // opens the how-to instead
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.hash && url.pathname === window.location.pathname) {
        return;
      }
      event.preventDefault();
      this.askToLeave(url.href);
    }, true);
    window.addEventListener("beforeunload", (event) => {
      if (!this.active) { return; }
      this.persist();
      event.preventDefault();
      event.returnValue = "";
    });
    window.addEventListener("pagehide", () => { if (this.s) { this.persist(); } });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") {
        if (this.s && this.s.running) { this.keepAwake(); this.tick(); }
      } else if (this.s) {
        this.persist();
      }
    });
    document.addEventListener("keydown", (event) => this.onKey(event));
    this.howto.addEventListener("close", () => this.els.mainToggle.focus());
  }

  onKey(event) {
    if (!this.s || this.s.finished || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (this.howto.open || this.leave.open) { return; }
    if (event.target.closest("input, select, textarea")) { return; }
    if (event.key === " " && !event.target.closest("button, a, summary")) {
      event.preventDefault();
      this.toggle();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      this.skip();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.askToLeave(this.todayUrl());
    }
  }

  todayUrl() { return this.root.querySelector(".breadcrumb a").href; }

  // Playing ---------------------------------------------------------------------------

  start() {
    performance.mark("limber-start");
    const picked = this.root.querySelector('[name="pain-before-pick"]:checked');
    this.s = clock.newSession(this.plan, this.now(), {
      steps: this.plan.steps.length,
      startedAt: localStamp(this.root.dataset.zone),
      painBefore: picked ? picked.value : "",
      painAfter: "",
      key: newKey((this.root.querySelector("[data-key]") || {}).value),
    });
    this.enterPlayer();
    this.render(true);
    this.els.mainToggle.focus();
    // Opening audio can take a while (a second on some machines): after the first tick.
    window.setTimeout(() => {
      this.cues.unlock();
      this.cues.tone(880, 0.3);
      this.persist();
      this.keepAwake();
    }, 0);
  }

  enterPlayer() {
    this.show("player");
    if (!this.timer) { this.timer = window.setInterval(() => this.tick(), TICK_MS); }
  }

  tick() {
    if (!this.s || this.s.finished) { return; }
    const now = this.now();
    const entered = clock.catchUp(this.plan, this.s, now, this.speed);
    if (this.s.finished) { this.end(); return; }
    if (entered) { this.render(true); } else { this.render(false); }
    if (now - this.lastSaved >= SAVE_EVERY_MS) { this.persist(); }
  }

  // Show the current step; `fresh` when it has just begun (announce it once); `restored`
  // after a reload, when a tone or a buzz without a tap first would be refused.
  render(fresh, restored) {
    const step = clock.currentStep(this.plan, this.s);
    const now = this.now();
    if (fresh) {
      view.showStep(this.els, this.plan, step, this.s);
      view.showRunning(this.els, this.s.running || this.s.waiting);
      this.lastSecond = null;
      if (this.s.waiting) {
        const name = this.plan.exercises[step.ex].name;
        const onward = view.moveOnWord(this.plan, this.s);
        view.announce(this.els, name + ": " + this.s.holds + (this.s.holds === 1 ? " hold" : " holds") +
          " done. Once more, or " + onward + "?");
        if (!restored) {
          this.cues.say("Once more, or " + onward.toLowerCase() + "?");
          this.cues.change();
        }
      } else if (this.s.running) {
        view.announce(this.els, step.say);
        this.cues.say(step.say);
        this.cues.change();
      }
      this.keepFocus(step);
    }
    if (clock.timed(step)) {
      const left = step.seconds - clock.elapsedAt(this.s, now, this.speed) / 1000;
      const second = Math.max(0, Math.ceil(left));
      if (second !== this.lastSecond) {
        view.showClock(this.els, left);
        if (this.lastSecond !== null && this.s.running) { this.countdownCues(step, second); }
        if (this.lastSecond === null && !performance.getEntriesByName("limber-first-tick").length) {
          performance.mark("limber-first-tick");
        }
        this.lastSecond = second;
      }
    } else {
      view.showReps(this.els, this.s.reps);
    }
    view.showProgress(this.els, this.plan, clock.progressSeconds(this.plan, this.s, now, this.speed));
  }

  // Time left, politely: halfway through holds of 30 s or more, then 3, 2, 1.
  countdownCues(step, second) {
    if (second > 0 && second <= 3) {
      view.announce(this.els, String(second));
      this.cues.pip();
    } else if (step.kind === "work" && step.seconds >= 30 && second === Math.floor(step.seconds / 2)) {
      view.announce(this.els, "Halfway: " + second + " seconds left.");
      this.cues.say("Halfway.");
    }
  }

  keepFocus(step) {
    const focused = document.activeElement;
    if (focused && focused !== document.body && focused.offsetParent !== null) { return; }
    (this.s.waiting ? this.els.moveOn : step.kind === "reps" ? this.els.count : this.els.mainToggle).focus();
  }

  toggle() {
    if (!this.s || this.s.finished || this.s.waiting || !clock.timed(clock.currentStep(this.plan, this.s))) {
      return;
    }
    const now = this.now();
    if (this.s.running) {
      clock.pause(this.s, now, this.speed);
      view.announce(this.els, "Paused.");
    } else {
      this.cues.unlock();
      clock.resume(this.s, now);
      this.keepAwake();
      view.announce(this.els, "Resumed.");
    }
    view.showRunning(this.els, this.s.running);
    this.persist();
  }

  skip() {
    if (!this.s || this.s.finished) { return; }
    if (!this.s.running) { clock.resume(this.s, this.now()); }
    clock.skip(this.plan, this.s, this.now(), this.speed);
    this.afterMove();
  }

  // A hold done "as many times as you like": the same hold again.
  again() {
    if (!this.s || !this.s.waiting) { return; }
    clock.again(this.s, this.now());
    this.keepAwake();
    this.render(true);
    this.persist();
  }

  count() {
    if (!this.s) { return; }
    const moved = clock.countRep(this.plan, this.s, this.now());
    if (moved) { this.afterMove(); } else { view.showReps(this.els, this.s.reps); this.persist(); }
  }

  doneReps() {
    clock.completeStep(this.plan, this.s, this.now());
    this.afterMove();
  }

  afterMove() {
    if (this.s.finished) { this.end(); return; }
    this.s.running = true;
    this.render(true);
    this.persist();
  }

  review() {
    this.leave.close();
    clock.finish(this.plan, this.s, this.now(), this.speed);
    this.end();
  }

  end() {
    this.cues.chime();
    view.announce(this.els, "Session finished.");
    this.releaseWakeLock();
    this.persist();
    this.showSummary();
  }

  showSummary() {
    window.clearInterval(this.timer);
    this.timer = null;
    this.totals = clock.summarise(this.plan, this.s);
    this.show("summary");
    showSummary(this.root, this.plan, this.s, this.totals);
    const picked = this.root.querySelector('[name="pain-after-pick"][value="' + this.s.painAfter + '"]');
    if (picked) { picked.checked = true; }
    this.root.querySelector('[data-view="summary"]').focus();
  }

  async save() {
    if (this.saving || this.totals.nothing) { return; }
    this.saving = true;
    const path = await save(this.root, this.s, this.totals);
    this.saving = false;
    if (!path) { return; }
    store.clearSession(this.key);
    this.s = null;
    this.root.querySelector("[data-save-form]").hidden = true;
    const saved = this.root.querySelector("[data-saved]");
    saved.querySelector("[data-saved-link]").setAttribute("href", path);
    saved.hidden = false;
    saved.querySelector("a").focus();
  }

  discard() {
    store.clearSession(this.key);
    this.s = null;
    this.leaving = true;
    window.location.reload();
  }

  // Leaving ---------------------------------------------------------------------------

  askToLeave(href) {
    if (!this.active) { window.location.assign(href); return; }
    this.pendingHref = href;
    if (this.howto.open) { this.howto.close(); }
    this.leave.showModal();
  }

  goAway() {
    if (this.s && !this.s.finished) { clock.pause(this.s, this.now(), this.speed); }
    this.persist();
    this.leaving = true;
    window.location.assign(this.pendingHref || this.todayUrl());
  }

  openHowto(index) {
    const step = this.s ? clock.currentStep(this.plan, this.s) : null;
    const ex = typeof index === "number" ? index : step ? step.ex : 0;
    this.root.querySelectorAll("[data-howto-ex]").forEach((el) => {
      el.hidden = Number(el.dataset.howtoEx) !== ex;
    });
    this.howto.querySelector("[data-howto-title]").textContent = this.plan.exercises[ex].name;
    this.howto.showModal();
  }

  persist() {
    if (!this.s) { return; }
    this.s.savedAt = this.now();
    this.lastSaved = this.s.savedAt;
    store.saveSession(this.key, this.s);
  }

  keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || this.wakeLock) { return; }
    navigator.wakeLock.request("screen").then((lock) => {
      this.wakeLock = lock;
      lock.addEventListener("release", () => { this.wakeLock = null; });
    }, () => { this.wakeLock = null; });
  }

  releaseWakeLock() {
    if (this.wakeLock) { this.wakeLock.release().catch(() => {}); this.wakeLock = null; }
  }
}

const root = document.querySelector("[data-session]");
if (root) {
  try {
    window.limberSession = new Session(root);
  } catch (e) {
    // Leave the plain checklist and its log link, and say why.
    root.querySelectorAll("[data-view]").forEach((el) => { el.hidden = true; });
    root.querySelector("[data-player-failed]").hidden = false;
  }
}
