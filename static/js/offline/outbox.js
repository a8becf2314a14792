// The sessions finished without a connection, kept on the device ("limber-offline" in
// IndexedDB, with their idempotency key) until the server has them, and the one sender of
// them: the page (static/js/offline/queue.js) and the service worker (templates/sw.js)
// both use this file. A classic script, not a module, because a service worker can only
// importScripts() those; base.html loads it before the page's modules. config/pwa.py
// passes in the address a sent session lands on (`sent`), once, from the URLconf.
//
// What the server's answer to a send means, for both senders:
//   a redirect to the session's page      → "synced": a marker (key, person, the page's
//                                            address) stays until a page says so, once
//   400 carrying the form's errors (JSON) → "refused": kept, with the server's words, for
//                                            the person to fix in the log form or discard
//   anything else                         → "kept", sent again later: no connection, 429,
//                                            5xx; 403 (the form token is stale: the page
//                                            sends with its own fresh one); 404 or a bare
//                                            400 (nothing the person could fix, and a
//                                            session is never dropped on a guess); a
//                                            redirect elsewhere (signed out: log-in page)
// Sending again is harmless: the server saves one session per idempotency key.
(function (scope) {
  const DATABASE = "limber-offline";
  const STORE = "sessions";
  const LOCK = "limber-sync";  // one sender at a time, page or worker

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // One transaction: `work` gets the store; its request's result is the answer.
  async function run(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => { db.close(); resolve(request && request.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }

  function mine(person) {
    return run("readonly", (store) => store.getAll())
      .then((items) => items.filter((item) => item.person === person));
  }

  function put(item) { return run("readwrite", (store) => store.put(item)); }

  function remove(key) { return run("readwrite", (store) => store.delete(key)); }

  // The sessions sent since a page of this person last said so: taken off the device as
  // they are read (one transaction), so each is announced once, by one page.
  function takeSynced(person) {
    const taken = [];
    return run("readwrite", (store) => {
      store.getAll().onsuccess = (event) => {
        event.target.result.filter((i) => i.person === person && i.status === "synced")
          .forEach((item) => {
            taken.push(item);
            store.delete(item.key);
          });
      };
      return null;
    }).then(() => taken);
  }

  // This person's sessions, waiting, refused or sent, leave the device with them (log-out).
  async function forget(person) {
    const keys = (await mine(person)).map((item) => item.key);
    if (keys.length) { await run("readwrite", (store) => { keys.forEach((k) => store.delete(k)); }); }
  }

  async function formErrors(response) {
    if (response.status !== 400) { return []; }
    const answer = await response.json().catch(() => ({}));
    return Array.isArray(answer.errors) ? answer.errors.map(String).filter(Boolean) : [];
  }

  scope.limberOutbox = function (config) {
    const sent = new RegExp(config.sent);

    // Send one, with `token` (the page's fresh form token) if given, else the one it was
    // kept with; record what the answer means (the rule above) and return it.
    async function send(item, token) {
      const body = new URLSearchParams(item.body);
      if (token) { body.set("csrfmiddlewaretoken", token); }
      let response;
      try {
        response = await fetch(item.action, {
          method: "POST", body: body, credentials: "same-origin", headers: { "X-Limber-Sync": "1" },
        });
      } catch (e) {
        return { key: item.key, outcome: "kept" };
      }
      const path = new URL(response.url).pathname;
      if (response.redirected && isSessionPage(path)) {
        await put({ key: item.key, person: item.person, status: "synced", path: path });
        return { key: item.key, outcome: "synced", path: path };
      }
      const errors = await formErrors(response);
      if (!errors.length) { return { key: item.key, outcome: "kept" }; }
      await put(Object.assign({}, item, { status: "refused", message: errors.join(" ") }));
      return { key: item.key, outcome: "refused" };
    }

    async function sendNow(person, token) {
      const results = [];
      for (const item of (await mine(person)).filter((i) => i.status === "queued")) {
        results.push(await send(item, token));
      }
      return results;
    }

    // Send this person's waiting sessions, one at a time, one sender at a time.
    function sendQueued(person, token) {
      if (!person) { return Promise.resolve([]); }
      const locks = scope.navigator.locks;
      return locks ? locks.request(LOCK, () => sendNow(person, token)) : sendNow(person, token);
    }

    // The page a saved session's form leads to (the player's own save checks it too).
    function isSessionPage(path) { return sent.test(path); }

    return {
      SYNC_TAG: "limber-sessions", mine, put, remove, takeSynced, forget, sendQueued, isSessionPage,
    };
  };
})(self);
