// On every page: registers the service worker (/sw.js), offers a new version, sends the
// sessions kept on this device, shows what became of them (a sent one once), says so on
// Today while offline, and clears them at log-out. Loaded from base.html.
import * as queue from "./queue.js";

const FORGETTING_FORMS = ["/accounts/logout/", "/accounts/delete/"];
let reloading = false;

function statusBox() {
  let box = document.querySelector("[data-offline-status]");
  if (!box) {
    box = document.createElement("div");
    box.className = "messages";
    box.setAttribute("role", "status");
    box.dataset.offlineStatus = "";
    document.getElementById("main").prepend(box);
  }
  return box;
}

function note(name, kind, parts) {
  const box = statusBox();
  let p = box.querySelector('[data-note="' + name + '"]');
  if (!p) {
    p = document.createElement("p");
    p.dataset.note = name;
    box.appendChild(p);
  }
  p.className = "message" + (kind ? " " + kind : "");
  p.replaceChildren(...parts);
  return p;
}

function clearNote(name) {
  const p = document.querySelector('[data-note="' + name + '"]');
  if (p) { p.remove(); }
}

function link(text, href) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "link-button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

// What is waiting on this device, and what the server refused (with its words and a way out).
async function showQueue() {
  (await queue.takeSynced().catch(() => [])).forEach((item) => synced(item.path));
  const items = await queue.mine().catch(() => []);
  const waiting = items.filter((i) => i.status === "queued").length;
  if (waiting) {
    note("waiting", "", [(waiting === 1 ? "1 session" : waiting + " sessions") +
      " saved on this device — will sync when you're online."]);
  } else {
    clearNote("waiting");
  }
  document.querySelectorAll('[data-note^="refused-"]').forEach((p) => p.remove());
  items.filter((i) => i.status === "refused").forEach((item) => {
    const fix = link("Fix it in the log form", item.fixUrl);
    fix.addEventListener("click", (event) => {
      event.preventDefault();
      queue.remove(item.key).then(() => window.location.assign(item.fixUrl));
    });
    const discard = button("Discard it", () => queue.remove(item.key).then(showQueue));
    note("refused-" + item.key, "error", [
      "A session saved on this device wasn't accepted: " + item.message + " ", fix, " · ", discard,
    ]);
  });
}

function synced(path) {
  note("synced", "", ["Synced: your session is in your history. ", link("See it", path)]);
  window.dispatchEvent(new CustomEvent("limber:synced", { detail: { path: path } }));
}

async function sync() {
  const results = await queue.flush().catch(() => []);
  await showQueue();  // says so of each one sent (once), then what is left
  return results;
}

function offerReload(worker) {
  note("update", "", ["A new version is ready — ", button("reload", () => {
    reloading = true;
    worker.postMessage({ type: "skip-waiting" });
  })]);
}

function watchUpdates(registration) {
  if (registration.waiting && navigator.serviceWorker.controller) { offerReload(registration.waiting); }
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) { offerReload(worker); }
    });
  });
}

// This page, if the worker wasn't in charge of it yet, and what it links to that should
// open offline unopened: Today's guided sessions and History ([data-keep-ahead]).
function keepAhead(worker) {
  const links = 'a[href^="/today/"][href*="/session/"], a[data-keep-ahead]';
  const urls = Array.from(document.querySelectorAll(links)).map((a) => a.getAttribute("href"));
  if (!navigator.serviceWorker.controller) { urls.unshift(window.location.href); }
  if (urls.length) { worker.postMessage({ type: "keep", urls: urls }); }
  // A page whose address htmx changed (a week in History, a search) is kept at that address.
  document.addEventListener("htmx:pushedIntoHistory", () => {
    worker.postMessage({ type: "keep", urls: [window.location.href] });
  });
}

// Today says when it is offline ([data-connection], a status region on the page).
function watchConnection() {
  const region = document.querySelector("[data-connection]");
  if (!region) { return; }
  const show = () => {
    if (navigator.onLine) {
      region.replaceChildren();
      return;
    }
    const p = document.createElement("p");
    p.className = "message offline";
    p.textContent = "You're offline — sessions will sync when you're back online.";
    region.replaceChildren(p);
  };
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
}

function setUpWorker() {
  const sw = navigator.serviceWorker;
  let registered = null;
  sw.register("/sw.js", { scope: "/" }).then((registration) => {
    registered = registration;
    watchUpdates(registration);
  }).catch(() => {});
  sw.ready.then((registration) => keepAhead(registration.active)).catch(() => {});
  sw.addEventListener("controllerchange", () => { if (reloading) { window.location.reload(); } });
  sw.addEventListener("message", () => { showQueue(); });  // sent or refused by the worker
  document.addEventListener("submit", (event) => {
    // A worker not yet in charge of this page doesn't see its posts, yet it may answer the
    // page the post leads to: tell it of the write, so it won't serve a copy from before.
    const worker = registered && (registered.active || registered.installing || registered.waiting);
    if (!sw.controller && worker && event.target.method === "post") { worker.postMessage({ type: "write" }); }
  });
}

function plural(n, one, many) { return n === 1 ? one : n + " " + many; }

// Log-out and account deletion: send what can be sent, ask about what can't (no
// connection, or refused and not yet fixed), then take this person's sessions off the
// device and have the worker drop their pages, before the form goes.
async function leave(form, path) {
  form.dataset.leaving = "";
  await queue.flush().catch(() => []);
  const left = (await queue.mine().catch(() => [])).filter((item) => item.status !== "synced");
  const what = path === "/accounts/logout/" ? "log out" : "delete your account";
  const question = plural(left.length, "A session", "sessions") + " saved on this device " +
    (left.length === 1 ? "hasn't" : "haven't") + " reached your account. " +
    "Discard " + (left.length === 1 ? "it" : "them") + " and " + what + "?";
  if (left.length && !window.confirm(question)) {
    delete form.dataset.leaving;
    await showQueue();
    return;
  }
  await queue.forget().catch(() => {});
  try { localStorage.removeItem("htmx-history-cache"); } catch (e) { /* storage off */ }
  const worker = "serviceWorker" in navigator && navigator.serviceWorker.controller;
  if (worker) { worker.postMessage({ type: "forget" }); }
  HTMLFormElement.prototype.submit.call(form);
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  const path = new URL(form.action, window.location.href).pathname;
  if (!FORGETTING_FORMS.includes(path) || event.defaultPrevented) { return; }
  event.preventDefault();
  if (!("leaving" in form.dataset)) { leave(form, path); }
});
if ("serviceWorker" in navigator) { setUpWorker(); }
window.addEventListener("online", sync);
watchConnection();
// `ready`: this page's first send and notices are done (tests wait for it).
const ready = queue.person() ? sync() : Promise.resolve([]);
window.limberOffline = { sync: sync, ready: ready };
