// Sessions finished without a connection, kept in IndexedDB ("limber-offline") with their
// idempotency key until the server has them. The service worker (templates/sw.js) reads the
// same store for Background Sync; the key makes a second send harmless.
const STORE = "sessions";
const SYNC_TAG = "limber-sessions";
const SESSION_PATH = /^\/sessions\/\d+\/$/;

// The person signed in on this page (base.html's script tag), "" for nobody.
export function person() {
  const script = document.querySelector("script[data-person]");
  return script ? script.dataset.person : "";
}

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("limber-offline", 1);
    request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: "key" }); };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(request.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

export function mine() {
  const me = person();
  return run("readonly", (store) => store.getAll()).then((items) => items.filter((i) => i.person === me));
}

export function remove(key) { return run("readwrite", (store) => store.delete(key)); }

// The sessions the worker sent while no page of this person said so: taken off the device
// as they are read (one transaction), so each is announced once, by one page.
export async function takeSynced() {
  const me = person();
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    const taken = [];
    store.getAll().onsuccess = (event) => {
      event.target.result.filter((i) => i.person === me && i.status === "synced").forEach((i) => {
        taken.push(i);
        store.delete(i.key);
      });
    };
    tx.oncomplete = () => { db.close(); resolve(taken); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

// This person's sessions, waiting or refused, leave the device with them (log-out).
export async function forget() {
  const keys = (await mine()).map((item) => item.key);
  if (!keys.length) { return; }
  await run("readwrite", (store) => {
    keys.forEach((key) => store.delete(key));
    return store.count();
  });
}

// Keep the log form's fields, and where to fix them if the server refuses them later.
export async function enqueue(form, fixUrl) {
  const item = {
    key: form.querySelector("[data-key]").value, person: person(), action: form.action,
    body: new URLSearchParams(new FormData(form)).toString(), fixUrl: fixUrl,
    status: "queued", message: "", queuedAt: Date.now(),
  };
  await run("readwrite", (store) => store.put(item));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(SYNC_TAG))
      .catch(() => {});
  }
  return item;
}

function pageToken() {
  try { return JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
}

// The one rule, as in the worker (templates/sw.js): a session is refused only by a 400 that
// carries the form's errors (/sessions/new/ answers a late send so); a 429, a 5xx or any
// other answer (signed out, an expired form token) means try again later.
async function formErrors(response) {
  if (response.status !== 400) { return []; }
  const answer = await response.json().catch(() => ({}));
  return Array.isArray(answer.errors) ? answer.errors.map(String).filter(Boolean) : [];
}

// Send one with this page's own form token: "synced" (with the session's address),
// "refused" (kept, with the server's words) or "kept" (no connection, signed out…).
async function send(item, token) {
  const body = new URLSearchParams(item.body);
  if (token) { body.set("csrfmiddlewaretoken", token); }
  let response;
  try {
    response = await fetch(item.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Limber-Sync": "1" },
    });
  } catch (e) {
    return { outcome: "kept" };
  }
  const path = new URL(response.url).pathname;
  if (response.redirected && SESSION_PATH.test(path)) {
    await remove(item.key);
    return { outcome: "synced", path: path };
  }
  const errors = await formErrors(response);
  if (errors.length) {
    item.status = "refused";
    item.message = errors.join(" ");
    await run("readwrite", (store) => store.put(item));
    return { outcome: "refused" };
  }
  return { outcome: "kept" };
}

async function flushNow() {
  const token = pageToken();
  const results = [];
  for (const item of (await mine()).filter((i) => i.status === "queued")) {
    results.push(Object.assign({ key: item.key }, await send(item, token)));
  }
  return results;
}

// Send this person's waiting sessions, one sender at a time (the worker takes the same lock).
export function flush() {
  if (!person()) { return Promise.resolve([]); }
  return navigator.locks ? navigator.locks.request("limber-sync", flushNow) : flushNow();
}
