// The end of a session: what was done, pain before and after, this week, and one Save.
// Save posts the log form's own fields to /sessions/new/ (its idempotency key makes a
// second send harmless); "Edit details" opens that form prefilled instead. Without a
// connection (or with the server down) the session is kept on this device and sent later
// (static/js/offline/).
import * as queue from "../offline/queue.js";
import { painVerdict } from "./pain.js";
import { wordsFor } from "./view.js";

function painNumber(value) { return value === "" || value == null ? null : Number(value); }

let table = null;
function painTable() {
  if (!table) { table = JSON.parse(document.getElementById("pain-table").textContent); }
  return table;
}

// "Pain 7 → 5." with what Limber says of it (routines.pain.session_change, by table).
export function painLine(before, after) {
  const verdict = painVerdict(painTable(), before, after);
  const both = before !== null && after !== null;
  return {
    text: both ? "Pain " + before + " → " + after + "." : "",
    kind: verdict.verdict === "eased" ? verdict.line : "",
    caution: verdict.caution,
    line: verdict.line,
  };
}

function target(min, max) { return min === max ? String(min) : min + "–" + max; }

// "Well done" only for a fair part of the plan: a third of its time or more. Less (or a
// session ended after seconds) gets a plain heading; nothing done, a plain one too.
export function summaryHeading(totals) {
  if (totals.nothing) { return "Nothing done yet"; }
  return totals.worked * 3 < totals.planned ? "Session ended" : "Well done";
}

// What was skipped: whole moves, and the rounds of a move not done in full.
export function skippedText(totals) {
  const moves = totals.rows.filter((row) => row.status === "skipped").length;
  const parts = moves ? [moves + (moves === 1 ? " move" : " moves")] : [];
  totals.rows.forEach((row) => {
    if (row.status !== "partly" || !row.missed) { return; }
    parts.push(row.parts === 1 ? "part of " + row.exercise.name
      : row.missed + " of " + row.parts + " rounds of " + row.exercise.name);
  });
  return parts.join("; ") || "None";
}

export function showSummary(root, plan, s, totals) {
  const q = (name) => root.querySelector("[data-" + name + "]");
  const data = root.dataset;
  q("sum-heading").textContent = summaryHeading(totals);
  const time = [totals.seconds ? wordsFor(totals.seconds) : "", totals.reps ? totals.reps + " reps" : ""];
  q("sum-time").textContent = time.filter(Boolean).join(" and ") || "0 s";
  q("sum-done").textContent = totals.done + " of " + plan.exercises.length;
  q("sum-skipped").textContent = skippedText(totals);
  q("sum-empty").hidden = !totals.nothing;
  q("pain-after").hidden = totals.nothing;
  if (data.trial === undefined) {  // a try (data-trial) counts toward no week and saves nothing
    const week = Number(data.weekDone) + (totals.nothing || data.doneToday === "1" ? 0 : 1);
    q("sum-week").textContent = week + " of " + target(data.weekMin, data.weekMax) +
      (totals.nothing ? "" : " with this one");
    q("save").hidden = totals.nothing;
    q("edit").hidden = totals.nothing;
    q("edit").setAttribute("href", editUrl(root, s, totals));
  }
  updatePain(root, s);
}

export function updatePain(root, s) {
  const nothing = root.querySelector("[data-pain-after]").hidden;
  const line = nothing ? { text: "", kind: "", caution: false, line: "" } : painLine(painNumber(s.painBefore), painNumber(s.painAfter));
  const before = painNumber(s.painBefore);
  root.querySelector("[data-sum-pain]").textContent =
    line.text || (before === null || nothing ? "" : "Pain before: " + before + ". How is it now?");
  const kind = root.querySelector("[data-sum-kind]");
  kind.textContent = line.kind;
  kind.hidden = !line.kind;
  const caution = root.querySelector("[data-sum-caution]");
  caution.querySelector("[data-caution-line]").textContent = line.caution ? line.line : "";
  caution.hidden = !line.caution;
}

function editUrl(root, s, totals) {
  const form = root.querySelector("[data-save-form]");
  const query = new URLSearchParams({ enrolment: root.dataset.enrolment });
  if ("flare" in root.dataset) { query.append("flare_day", "1"); }
  if (s.startedAt) { query.append("started_at", s.startedAt); }
  totals.rows.forEach((row) => {
    query.append("item", row.exercise.slug + ":" + row.amount + ":" + row.status);
  });
  if (s.painBefore !== "" && s.painBefore != null) { query.append("pain_before", s.painBefore); }
  if (s.painAfter !== "" && s.painAfter != null) { query.append("pain_after", s.painAfter); }
  return form.action + "?" + query.toString();
}

// The log form's rows: one per move, with its seconds or reps, "both" sides where sided.
function fillForm(form, s, totals) {
  const set = (name, value) => { form.querySelector('[data-field="' + name + '"]').value = value; };
  const [date, time] = (s.startedAt || "T").split("T");
  set("date", date);
  set("time", time);
  set("pain_before", s.painBefore == null ? "" : s.painBefore);
  set("pain_after", s.painAfter == null ? "" : s.painAfter);
  set("total", String(totals.rows.length));
  form.querySelector("[data-key]").value = s.key;
  const box = form.querySelector("[data-rows]");
  box.replaceChildren();
  totals.rows.forEach((row, i) => {
    const fields = {
      exercise: row.exercise.slug,
      status: row.status,
      seconds: row.exercise.unit === "seconds" && row.status !== "skipped" ? row.amount : "",
      reps: row.exercise.unit === "reps" && row.status !== "skipped" ? row.amount : "",
      side: row.exercise.per_side ? "both" : "none",
    };
    Object.keys(fields).forEach((name) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "rows-" + i + "-" + name;
      input.value = String(fields[name]);
      box.appendChild(input);
    });
  });
}

export async function save(root, s, totals) {
  const form = root.querySelector("[data-save-form]");
  const button = form.querySelector("[data-save]");
  const error = form.querySelector("[data-save-error]");
  fillForm(form, s, totals);
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  error.hidden = true;
  try {
    const response = await fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
    });
    if (response.status >= 500) { throw new Error("Server unavailable"); }
    const path = new URL(response.url).pathname;
    if (response.ok && queue.isSessionPage(path)) { return path; }
    error.textContent = "This session couldn't be saved as it is. Use Edit details to check it and save it there.";
  } catch (e) {
    const kept = await keepForLater(root, form, s, totals);
    if (kept) { return kept; }
    error.textContent = "No connection. Try Save again: it won't be saved twice.";
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
  error.hidden = false;
  return null;
}

// Offline: keep the session on this device and say so; "Synced" once the server has it.
async function keepForLater(root, form, s, totals) {
  try {
    await queue.enqueue(form, editUrl(root, s, totals));
  } catch (e) {
    return null;
  }
  const saved = root.querySelector("[data-saved]");
  const words = Array.from(saved.childNodes).find((node) => node.nodeType === Node.TEXT_NODE);
  const seeIt = saved.querySelector("[data-saved-link]");
  words.textContent = "Saved on this device — will sync. ";
  seeIt.hidden = true;
  window.addEventListener("limber:synced", (event) => {
    words.textContent = "Synced. ";
    seeIt.setAttribute("href", event.detail.path);
    seeIt.hidden = false;
  }, { once: true });
  return seeIt.getAttribute("href");
}
