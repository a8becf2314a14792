// The session as data: which step, how far into it, what was done. Time comes from
// timestamps (Date.now()), never from counting ticks, so a throttled background tab or a
// screen that was off catches up; `speed` (tests) scales wall time into dose time.
// A hold done "as many times as you like" (step.repeat) doesn't move on by itself: at its
// end the session waits (s.waiting) for again() (the same hold once more) or skip().

export function newSession(plan, now, extra) {
  const results = plan.exercises.map(() => ({ amount: 0, parts: 0, full: 0 }));
  plan.steps.forEach((step) => {
    if (step.kind === "work" || step.kind === "reps") { results[step.ex].parts += 1; }
  });
  return Object.assign({
    index: 0, elapsed: 0, anchor: now, running: true, reps: 0, results: results,
    finished: false, savedAt: now, waiting: false, holds: 0,
  }, extra);
}

export function currentStep(plan, s) { return s.finished ? null : plan.steps[s.index]; }

export function timed(step) { return !!step && step.kind !== "reps"; }

// Milliseconds of dose time into the current step.
export function elapsedAt(s, now, speed) {
  return s.elapsed + (s.running && s.anchor !== null ? (now - s.anchor) * speed : 0);
}

function record(plan, s, complete, elapsed) {
  const step = plan.steps[s.index];
  const result = s.results[step.ex];
  if (step.kind === "work") {
    result.amount += complete ? step.seconds : Math.floor(Math.min(elapsed, step.seconds * 1000) / 1000);
  } else if (step.kind === "reps") {
    result.amount += complete ? step.reps : s.reps;
  } else {
    return;
  }
  if (complete) { result.full += 1; }
}

function enter(plan, s, index, carry, now) {
  s.index = index;
  s.elapsed = carry;
  s.anchor = now;
  s.reps = 0;
  s.waiting = false;
  s.holds = 0;
  if (index >= plan.steps.length) { s.finished = true; s.running = false; }
}

// Move past every timed step that has run out; returns how many steps were entered.
export function catchUp(plan, s, now, speed) {
  let entered = 0;
  let step = currentStep(plan, s);
  while (s.running && timed(step)) {
    const elapsed = elapsedAt(s, now, speed);
    const length = step.seconds * 1000;
    if (elapsed < length) { break; }
    record(plan, s, true, elapsed);
    entered += 1;
    if (step.repeat) {
      s.elapsed = length;
      s.anchor = null;
      s.running = false;
      s.waiting = true;
      s.holds = (s.holds || 0) + 1;
      break;
    }
    enter(plan, s, s.index + 1, elapsed - length, now);
    step = currentStep(plan, s);
  }
  return entered;
}

export function skip(plan, s, now, speed) {
  if (s.finished) { return; }
  if (!s.waiting) { record(plan, s, false, elapsedAt(s, now, speed)); }
  enter(plan, s, s.index + 1, 0, now);
}

// The same hold once more (its time adds to the move's); skip() moves on.
export function again(s, now) {
  if (!s.waiting) { return; }
  s.waiting = false;
  s.elapsed = 0;
  s.anchor = now;
  s.running = true;
}

export function completeStep(plan, s, now) {
  if (s.finished) { return; }
  record(plan, s, true, 0);
  enter(plan, s, s.index + 1, 0, now);
}

export function countRep(plan, s, now) {
  const step = currentStep(plan, s);
  if (!step || step.kind !== "reps") { return false; }
  s.reps += 1;
  if (s.reps >= step.reps) { completeStep(plan, s, now); return true; }
  return false;
}

export function pause(s, now, speed) {
  if (!s.running) { return; }
  s.elapsed = elapsedAt(s, now, speed);
  s.anchor = null;
  s.running = false;
}

export function resume(s, now) {
  if (s.running || s.finished) { return; }
  s.anchor = now;
  s.running = true;
}

// End early: what the current step got so far counts, the rest is skipped.
export function finish(plan, s, now, speed) {
  if (s.finished) { return; }
  if (!s.waiting) { record(plan, s, false, elapsedAt(s, now, speed)); }
  s.finished = true;
  s.running = false;
}

// A saved session as it stood when it was last saved, paused there (a reload, a crash).
export function restore(s, speed) {
  if (s.running && s.anchor !== null) {
    s.elapsed += Math.max(0, (s.savedAt || s.anchor) - s.anchor) * speed;
  }
  s.anchor = null;
  s.running = false;
  return s;
}

// Seconds of the whole plan done so far (rep steps move by the share of reps counted).
export function progressSeconds(plan, s, now, speed) {
  if (s.finished) { return plan.total_seconds; }
  const step = plan.steps[s.index];
  const into = step.kind === "reps"
    ? step.seconds * Math.min(1, s.reps / step.reps)
    : Math.min(step.seconds, elapsedAt(s, now, speed) / 1000);
  return step.start + into;
}

// What was done, move by move. A row's `missed` counts its rounds not done in full (skipped,
// cut short, or never reached); `worked` and `planned` are seconds of dose, a rep counted at
// the plan's own rate, so a heading can weigh what was done against the plan.
export function summarise(plan, s) {
  const planned = plan.exercises.map(() => ({ seconds: 0, units: 0 }));
  plan.steps.forEach((step) => {
    if (step.kind === "work" || step.kind === "reps") {
      planned[step.ex].seconds += step.seconds;
      planned[step.ex].units += step.kind === "reps" ? step.reps : step.seconds;
    }
  });
  const rows = plan.exercises.map((exercise, i) => {
    const r = s.results[i];
    const status = r.parts && r.full >= r.parts ? "done" : (r.amount > 0 ? "partly" : "skipped");
    return {
      exercise: exercise, amount: r.amount, status: status,
      parts: r.parts, missed: Math.max(0, r.parts - r.full),
      worked: planned[i].units ? r.amount * planned[i].seconds / planned[i].units : 0,
    };
  });
  const seconds = rows.reduce((sum, row) =>
    sum + (row.exercise.unit === "seconds" && row.status !== "skipped" ? row.amount : 0), 0);
  const reps = rows.reduce((sum, row) =>
    sum + (row.exercise.unit === "reps" && row.status !== "skipped" ? row.amount : 0), 0);
  return {
    rows: rows,
    seconds: seconds,
    reps: reps,
    done: rows.filter((row) => row.status !== "skipped").length,
    skipped: rows.filter((row) => row.status === "skipped").length,
    nothing: seconds === 0 && reps === 0,
    worked: rows.reduce((sum, row) => sum + row.worked, 0),
    planned: planned.reduce((sum, p) => sum + p.seconds, 0),
  };
}
