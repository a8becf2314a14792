// The page's side of the sessions kept on this device (static/js/offline/outbox.js, loaded
// by base.html before this module): who is signed in on this page, its fresh form token,
// and the log form a session finished offline is kept from.
const script = document.querySelector("script[data-outbox]");
const outbox = self.limberOutbox(JSON.parse(script.dataset.outbox));

// The person signed in on this page (base.html's script tag), "" for nobody.
export function person() {
  return script.dataset.person;
}

export function mine() { return outbox.mine(person()); }

export function isSessionPage(path) { return outbox.isSessionPage(path); }

export function remove(key) { return outbox.remove(key); }

export function takeSynced() { return outbox.takeSynced(person()); }

export function forget() { return outbox.forget(person()); }

// Keep the log form's fields, and where to fix them if the server refuses them later; the
// worker sends it by Background Sync if this page doesn't first.
export async function enqueue(form, fixUrl) {
  const item = {
    key: form.querySelector("[data-key]").value, person: person(), action: form.action,
    body: new URLSearchParams(new FormData(form)).toString(), fixUrl: fixUrl,
    status: "queued", message: "", queuedAt: Date.now(),
  };
  await outbox.put(item);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.ready
      .then((registration) => registration.sync && registration.sync.register(outbox.SYNC_TAG))
      .catch(() => {});
  }
  return item;
}

function pageToken() {
  try { return JSON.parse(document.body.dataset.hxHeaders || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
}

// Send this person's waiting sessions with this page's own form token: a list of
// {key, outcome: "synced" | "refused" | "kept", path}, as outbox.js's rule says.
export function flush() { return outbox.sendQueued(person(), pageToken()); }
