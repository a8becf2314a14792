// The guided player: turns a routine's checklist on /today/ into a timed session.
// The plan comes from a <script type="application/json"> element (data, not code), so no
// inline script is needed under the CSP. Without JavaScript the checklist and its
// "Log this session" link still work.
//
// Time runs on an injectable clock: a speed factor from ?speed=, window.LimberPlayerSpeed
// or data-speed on the player's root (default 1), so tests can run a session fast
// without shortening any dose.
(function () {
  "use strict";

  var SOUND_KEY = "limber.player.sound";
  var TICK_MS = 100;
  var active = null;

  function speedFactor(root) {
    var fromUrl = new URLSearchParams(window.location.search).get("speed");
    var raw = fromUrl || window.LimberPlayerSpeed || root.dataset.speed || "1";
    var value = parseFloat(raw);
    return isFinite(value) && value > 0 ? value : 1;
  }

  function clockText(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // "YYYY-MM-DDTHH:MM" now, in the person's own zone (their profile's, not the browser's).
  function localStamp(zone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-CA", {
        timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
    } catch (e) {
      return "";
    }
  }

  function soundOn() {
    try { return window.localStorage.getItem(SOUND_KEY) !== "off"; } catch (e) { return true; }
  }

  function setSound(on) {
    try { window.localStorage.setItem(SOUND_KEY, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }

  function Player(root) {
    this.root = root;
    this.plan = JSON.parse(document.getElementById(root.dataset.plan).textContent);
    this.speed = speedFactor(root);
    this.el = {};
    ["panel", "count", "title", "detail", "clock", "live", "reps", "repsTarget", "repsBox"].forEach(
      function (name) {
        var attr = "data-" + name.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
        this.el[name] = root.querySelector("[" + attr + "]");
      }, this);
    this.el.toggle = root.querySelector('[data-action="toggle"]');
    this.el.start = root.querySelector('[data-action="start"]');
    this.el.sound = root.querySelector("[data-sound]");
    this.items = root.querySelectorAll(".checklist [data-item]");
    this.running = false;
    this.timer = null;
    this.wakeLock = null;
    this.audio = null;
    this.bind();
    this.el.start.hidden = false;
    root.querySelector("[data-sound-box]").hidden = false;
    this.el.sound.checked = soundOn();
  }

  Player.prototype.bind = function () {
    var self = this;
    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !self.root.contains(button)) { return; }
      var action = button.dataset.action;
      if (action === "start") { self.start(); }
      else if (action === "toggle") { self.toggle(); }
      else if (action === "skip") { self.skip(); }
      else if (action === "count") { self.count(); }
      else if (action === "done") { self.finishStep(true); }
      else if (action === "finish") { self.finish(); }
    });
    this.el.sound.addEventListener("change", function () {
      setSound(self.el.sound.checked);
      if (self.el.sound.checked && self.el.panel.hidden === false) { self.openAudio(); }
    });
  };

  Player.prototype.start = function () {
    if (active && active !== this) { active.stopQuietly(); }
    active = this;
    this.startedAt = localStamp(this.root.dataset.zone);
    this.results = this.plan.exercises.map(function () {
      return { amount: 0, parts: 0, full: 0 };
    });
    this.plan.steps.forEach(function (step) {
      if (step.kind === "work" || step.kind === "reps") { this.results[step.ex].parts += 1; }
    }, this);
    this.el.start.hidden = true;
    this.el.panel.hidden = false;
    this.root.classList.add("is-playing");
    if (this.el.sound.checked) { this.openAudio(); }
    this.keepAwake();
    this.enter(0);
    this.resume();
    this.el.toggle.focus();
  };

  Player.prototype.enter = function (index) {
    this.index = index;
    if (index >= this.plan.steps.length) { this.step = null; this.finish(); return; }
    var step = this.plan.steps[index];
    this.step = step;
    this.elapsed = 0;
    this.repCount = 0;
    this.el.count.textContent = "Step " + (index + 1) + " of " + this.plan.steps.length;
    this.el.title.textContent = step.title;
    var labels = { ready: "Get ready", switch: step.say, rest: "Rest" };
    var detail = labels[step.kind] || [step.detail, step.label].filter(Boolean).join(" · ");
    this.el.detail.textContent = detail;
    this.root.dataset.step = step.kind;
    var reps = step.kind === "reps";
    this.el.repsBox.hidden = !reps;
    this.el.clock.hidden = reps;
    if (reps) {
      this.el.reps.textContent = "0";
      this.el.repsTarget.textContent = String(step.reps);
    } else {
      this.el.clock.textContent = clockText(step.seconds);
    }
    this.items.forEach(function (item, i) {
      if (i === step.ex) { item.setAttribute("aria-current", "step"); }
      else { item.removeAttribute("aria-current"); }
    });
    this.announce(step.say);
    this.cue();
  };

  Player.prototype.tick = function () {
    var now = performance.now();
    if (this.running && this.step && this.step.kind !== "reps") {
      this.elapsed += (now - this.last) / 1000 * this.speed;
      // Carry time left over into the next step, so short ticks never add up to drift.
      while (this.step && this.step.kind !== "reps" && this.elapsed >= this.step.seconds) {
        var over = this.elapsed - this.step.seconds;
        this.finishStep(true);
        if (this.step && this.step.kind !== "reps") { this.elapsed = over; }
      }
      if (this.step && this.step.kind !== "reps") {
        this.el.clock.textContent = clockText(this.step.seconds - this.elapsed);
      }
    }
    this.last = now;
  };

  // Record what was done in the current step, then go on to the next one.
  Player.prototype.finishStep = function (complete) {
    if (!this.step) { return; }
    this.record(complete);
    this.enter(this.index + 1);
  };

  Player.prototype.record = function (complete) {
    var step = this.step;
    var result = this.results[step.ex];
    if (step.kind === "work") {
      result.amount += complete ? step.seconds : Math.floor(this.elapsed);
      if (complete) { result.full += 1; }
    } else if (step.kind === "reps") {
      result.amount += complete ? step.reps : this.repCount;
      if (complete) { result.full += 1; }
    }
  };

  Player.prototype.skip = function () { this.finishStep(false); };

  Player.prototype.count = function () {
    this.repCount += 1;
    this.el.reps.textContent = String(this.repCount);
    if (this.repCount >= this.step.reps) { this.finishStep(true); }
  };

  Player.prototype.pause = function () {
    this.running = false;
    this.el.toggle.textContent = "Resume";
    this.root.classList.add("is-paused");
    this.announce("Paused.");
  };

  Player.prototype.resume = function () {
    var self = this;
    this.last = performance.now();
    this.running = true;
    this.el.toggle.textContent = "Pause";
    this.root.classList.remove("is-paused");
    if (!this.timer) { this.timer = window.setInterval(function () { self.tick(); }, TICK_MS); }
  };

  Player.prototype.toggle = function () {
    if (this.running) { this.pause(); } else { this.resume(); this.announce("Resumed."); }
  };

  Player.prototype.stopQuietly = function () {
    window.clearInterval(this.timer);
    this.timer = null;
    this.running = false;
    this.step = null;
    this.el.panel.hidden = true;
    this.el.start.hidden = false;
    this.root.classList.remove("is-playing", "is-paused");
    this.releaseWakeLock();
  };

  // Hand over to the log form with what was actually done.
  Player.prototype.finish = function () {
    if (this.step) { this.record(false); this.step = null; }
    window.clearInterval(this.timer);
    this.timer = null;
    this.running = false;
    this.releaseWakeLock();
    var query = ["enrolment=" + encodeURIComponent(this.root.dataset.enrolment)];
    if (this.startedAt) { query.push("started_at=" + encodeURIComponent(this.startedAt)); }
    this.plan.exercises.forEach(function (exercise, i) {
      var r = this.results[i];
      var status = r.full === r.parts ? "done" : (r.amount > 0 ? "partly" : "skipped");
      query.push("item=" + encodeURIComponent(exercise.slug + ":" + r.amount + ":" + status));
    }, this);
    this.el.title.textContent = "Session finished";
    this.el.detail.textContent = "Opening the log so you can add how you feel.";
    this.announce("Session finished. Opening the log.");
    this.cue();
    active = null;
    window.location.assign(this.root.dataset.logUrl + "?" + query.join("&"));
  };

  Player.prototype.announce = function (text) {
    if (text) { this.el.live.textContent = text; }
  };

  // A short beep and a buzz at each change, unless switched off.
  Player.prototype.cue = function () {
    if (!this.el.sound.checked) { return; }
    if (navigator.vibrate) { try { navigator.vibrate(150); } catch (e) { /* not allowed */ } }
    if (!this.audio) { return; }
    try {
      var osc = this.audio.createOscillator();
      var gain = this.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(this.audio.destination);
      osc.start();
      osc.stop(this.audio.currentTime + 0.15);
    } catch (e) { /* audio unavailable */ }
  };

  // Browsers only allow audio that starts from a tap or a key press, so open it then.
  Player.prototype.openAudio = function () {
    if (this.audio || !window.AudioContext) { return; }
    try { this.audio = new window.AudioContext(); } catch (e) { this.audio = null; }
  };

  Player.prototype.keepAwake = function () {
    var self = this;
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (lock) { self.wakeLock = lock; },
      function () { self.wakeLock = null; });
  };

  Player.prototype.releaseWakeLock = function () {
    if (this.wakeLock) { this.wakeLock.release().catch(function () {}); this.wakeLock = null; }
  };

  document.addEventListener("visibilitychange", function () {
    // The browser drops the wake lock when the tab is hidden; take it again on return.
    if (active && document.visibilityState === "visible") { active.keepAwake(); }
  });

  document.addEventListener("keydown", function (event) {
    if (!active || !active.step || event.key !== " ") { return; }
    if (event.target.closest("button, a, input, select, textarea, summary")) { return; }
    event.preventDefault();
    active.toggle();
  });

  document.querySelectorAll("[data-player]").forEach(function (root) {
    try { new Player(root); } catch (e) { /* leave the plain checklist */ }
  });
})();
