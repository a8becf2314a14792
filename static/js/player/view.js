// Puts the session's state on the page. Reads nothing back from the DOM.
export function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  const rest = whole % 60;
  return Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
}

export function wordsFor(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (!minutes) { return rest + " s"; }
  return minutes + " min" + (rest ? " " + rest + " s" : "");
}

export function elements(root) {
  const one = (name) => root.querySelector("[data-" + name + "]");
  const names = ["heading", "side", "name", "image", "cue", "detail", "label", "clock", "reps-box", "reps",
    "reps-target", "next", "live", "progress", "progress-fill", "left", "steps"];
  const els = {};
  names.forEach((name) => { els[name.replace(/-(\w)/g, (m, c) => c.toUpperCase())] = one(name); });
  els.toggles = root.querySelectorAll('[data-action="toggle"]');
  els.mainToggle = root.querySelector('.controls [data-action="toggle"]');
  els.done = root.querySelector('[data-action="done"]');
  els.count = root.querySelector('[data-action="count"]');
  els.again = root.querySelector('[data-action="again"]');
  els.skip = root.querySelector('.controls [data-action="skip"]');
  els.moveOn = root.querySelector('[data-action="next"]');
  els.player = root.querySelector('[data-view="player"]');
  els.items = root.querySelectorAll(".checklist [data-item]");
  return els;
}

// The round's own instruction while it runs; before it (get ready, rest, switch), the next
// round's, so the person can settle into it.
function roundLabel(plan, step, index) {
  if (step.kind === "work") { return step.label || ""; }
  const following = plan.steps[index + 1];
  if (step.kind === "reps" || !following || following.ex !== step.ex || !following.label) { return ""; }
  return "Up next: " + following.label;
}

// The word for moving on from a repeatable hold: "Finish" on the plan's last step.
export function moveOnWord(plan, s) { return s.index >= plan.steps.length - 1 ? "Finish" : "Next"; }

// `s` is the session: its index, and whether a repeatable hold waits for Once more or Next.
export function showStep(els, plan, step, s) {
  const exercise = plan.exercises[step.ex];
  const reps = step.kind === "reps";
  const waiting = !!s.waiting;
  const last = moveOnWord(plan, s) === "Finish";
  els.player.dataset.kind = step.kind;
  els.heading.textContent = step.heading;
  els.side.hidden = !step.side || step.kind === "ready";
  els.side.textContent = step.side ? step.side.toUpperCase() : "";
  els.name.textContent = exercise.name;
  els.cue.textContent = exercise.cue;
  els.image.hidden = !exercise.image;
  if (exercise.image && els.image.getAttribute("src") !== exercise.image) {
    els.image.setAttribute("src", exercise.image);
  }
  const detail = step.kind === "ready"
    ? [exercise.dose, exercise.position].filter(Boolean).join(" · ")
    : step.kind === "switch" ? "Change to the " + step.side + " side"
    : waiting ? s.holds + (s.holds === 1 ? " hold" : " holds") + " done: once more, or " +
      (last ? "finish?" : "on to the next?")
    : s.holds ? "Hold " + (s.holds + 1) : step.detail || "";
  els.detail.textContent = detail;
  const label = waiting ? "" : roundLabel(plan, step, s.index);
  els.label.textContent = label;
  els.label.hidden = !label;
  els.label.classList.toggle("is-upcoming", step.kind !== "work");
  els.player.classList.toggle("is-waiting", waiting);
  els.clock.hidden = reps;
  els.repsBox.hidden = !reps;
  els.mainToggle.hidden = reps || waiting;
  els.done.hidden = !reps;
  els.skip.hidden = waiting;
  els.again.hidden = !waiting;
  els.moveOn.hidden = !waiting;
  els.moveOn.textContent = last ? "Finish" : "Next";
  if (reps) { els.repsTarget.textContent = String(step.reps); }
  els.next.textContent = exercise.next ? "Next: " + exercise.next : "Last move";
  els.items.forEach((item, i) => {
    if (i === step.ex) { item.setAttribute("aria-current", "step"); } else { item.removeAttribute("aria-current"); }
  });
}

export function showReps(els, count) { els.reps.textContent = String(count); }

export function showClock(els, secondsLeft) { els.clock.textContent = clockText(secondsLeft); }

export function showProgress(els, plan, done) {
  const total = plan.total_seconds || 1;
  const left = Math.max(0, total - done);
  els.progress.setAttribute("aria-valuenow", String(Math.round(done)));
  els.progress.setAttribute("aria-valuetext", wordsFor(left) + " left");
  els.progressFill.style.width = (100 * Math.min(1, done / total)).toFixed(1) + "%";
  els.left.textContent = clockText(left) + " left";
}

export function showRunning(els, running) {
  els.player.classList.toggle("is-paused", !running);
  els.toggles.forEach((button) => { button.textContent = running ? "Pause" : "Resume"; });
}

export function announce(els, text) {
  if (text) { els.live.textContent = text; }
}
