// Limber's service worker (served at /sw.js by config/pwa.py, which fills in CONFIG).
//
// Two caches at most: the app shell of this version (CSS, JS, icons, pictures and the
// offline page, by hashed name) and the pages of the person signed in on this device.
//
// Whose pages: the server names the visitor on every page (X-Limber-Person: an opaque
// cache id, or "anon") and keeps the same id in the limber_person cookie, set and deleted
// with its HttpOnly session cookie (config/pwa.py). Pages are kept only for the person a
// response names; a response for anyone else empties that cache first. A copy is served
// only from the cache of the person the cookie still names, so a session that expired or
// whose cookies were cleared gets nobody's copy, online or off. A signed-in person's pages
// are network first (the server says whose session it still is; the copy only when it
// can't be reached); a visitor's library pages are served from the copy, refreshed behind.
// Any other page a signed-in person opens (History, a session, a week…) is kept the same
// way, network first, except the account's own pages and the forms that only work online.
const CONFIG = {{ config|safe }};
importScripts(CONFIG.outbox.script);
const outbox = self.limberOutbox(CONFIG.outbox);
const SHELL = "limber-shell-" + CONFIG.version;
const PAGES = "limber-pages-";
const ANONYMOUS = "anon";
const NETWORK_WAIT_MS = 6000;
const PERSONAL = [/^\/today\/$/, /^\/today\/\d+\/session\/$/];
const LIBRARY = [/^\/$/, /^\/exercises\/$/, /^\/exercises\/[\w-]+\/$/, /^\/routines\/$/,
  /^\/routines\/(?!new\/)[\w-]+\/$/];
// Never kept: the account's pages (sign-in, password, export…), the admin, someone else's
// share link, the calendar feed, a clinician's pages (other people's data, always live), the
// routine editor (a clinician builds a person's routine in it, and its forms only work
// online), and the log forms, whose typed words a lost post would drop.
const NEVER_KEPT = [/^\/accounts\//, /^\/admin\//, /^\/share\//, /^\/calendar\//, /^\/join\//,
  /^\/clinic\//, /^\/routines\/[\w-]+\/(edit|delete)\/$/, /^\/routines\/[\w-]+\/moves\//,
  /^\/sessions\/new\/$/, /^\/sessions\/\d+\/(edit|delete)\/$/, /^\/offline\/$/];
const shellPaths = new Set(CONFIG.shell.concat([CONFIG.offline]));
const STORED = "X-Limber-Stored";
const WRITTEN = "/__limber/last-write";
let forgetting = Promise.resolve();
let lastWriteAt = null;

self.addEventListener("install", (event) => {
  // No skipWaiting here: the page offers "A new version is ready — reload".
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(Array.from(shellPaths))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("limber-shell-") && name !== SHELL)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "skip-waiting") { self.skipWaiting(); }
  if (data.type === "forget") {  // log-out or account deletion about to be sent
    forgetting = forgetPages(null);
    event.waitUntil(forgetting);
  }
  if (data.type === "keep") { event.waitUntil(keepAhead(data.urls || [])); }
  if (data.type === "write") { event.waitUntil(noteWrite()); }  // a post it didn't see
});

self.addEventListener("sync", (event) => {
  if (event.tag === outbox.SYNC_TAG) { event.waitUntil(sendQueued()); }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {  // a write: copies kept before it may now be out of date
    event.waitUntil(noteWrite());
    return;
  }
  if (shellPaths.has(url.pathname) && url.pathname !== CONFIG.offline) {
    event.respondWith(fromShell(request, url.pathname));
    return;
  }
  if (request.mode !== "navigate" || request.headers.get("HX-Request")) { return; }
  if (PERSONAL.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(event, pageKey(url)));
  } else if (LIBRARY.some((re) => re.test(url.pathname))) {
    event.respondWith(libraryPage(event, pageKey(url)));
  } else if (visited(url)) {
    event.respondWith(personsPage(event, pageKey(url)));
  } else {
    event.respondWith(fetch(request).then(async (response) => {
      await personOf(response);
      return response;
    }, offlinePage));
  }
});

// A shell file missing from its cache (a browser that cleared it) is put back on the way.
async function fromShell(request, path) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(path);
  if (hit) { return hit; }
  const response = await fetch(request);
  if (response.ok) { await cache.put(path, response.clone()); }
  return response;
}

// The test speed (?speed=N) plays the same page faster: one copy serves both.
function pageKey(url) {
  const key = new URL(url.href);
  key.searchParams.delete("speed");
  return key.href;
}

function offlinePage() {
  return caches.match(CONFIG.offline, { cacheName: SHELL }).then((hit) => hit || Response.error());
}

async function networkFirst(event, key) {
  const asked = Date.now();
  const network = fetch(event.request).then((response) => keep(key, response, asked));
  const waited = new Promise((resolve) => { setTimeout(resolve, NETWORK_WAIT_MS, null); });
  try {
    const response = await Promise.race([network, waited]);
    if (response) { return response; }
    event.waitUntil(network.catch(() => null));  // a slow answer still refreshes the copy
  } catch (e) { /* offline: the copy below */ }
  return (await fromPages(key)) || network.catch(offlinePage);
}

// The library and routines name the person in their account menu and list their own
// routines: for a signed-in person the server decides first, as for Today.
async function libraryPage(event, key) {
  const person = await cookiePerson();
  return person === ANONYMOUS ? cacheFirst(event, key) : networkFirst(event, key);
}

// Any other page of the person signed in: kept as Today is. Nobody else's is kept at all.
function visited(url) {
  return url.pathname.endsWith("/") && !NEVER_KEPT.some((re) => re.test(url.pathname));
}

async function personsPage(event, key) {
  const person = await cookiePerson();
  if (person && person !== ANONYMOUS) { return networkFirst(event, key); }
  return fetch(event.request).then(async (response) => {
    await personOf(response);
    return response;
  }, offlinePage);
}

// The copy first, refreshed behind; but a copy from before this browser's last write (a
// form sent, a routine started) is only the fallback, so nobody sees their change undone.
async function cacheFirst(event, key) {
  const hit = await fromPages(key);
  const asked = Date.now();
  const network = fetch(event.request).then((response) => keep(key, response, asked));
  if (hit && Number(hit.headers.get(STORED) || 0) > await lastWrite()) {
    event.waitUntil(network.catch(() => null));
    return hit;
  }
  return network.catch(() => hit || offlinePage());
}

// Pages a page asks for ahead: itself on the first visit (before the worker took it) or
// after htmx changed its address, and the guided sessions and History that Today links
// to, so they open offline without having been opened.
async function keepAhead(urls) {
  const person = await cookiePerson();
  const signedIn = Boolean(person) && person !== ANONYMOUS;
  for (const href of urls) {
    const url = new URL(href, self.location.origin);
    const known = PERSONAL.concat(LIBRARY).some((re) => re.test(url.pathname)) ||
      (signedIn && visited(url));
    if (url.origin !== self.location.origin || !known) { continue; }
    const asked = Date.now();
    await fetch(url.href, { credentials: "same-origin" })
      .then((response) => keep(pageKey(url), response, asked)).catch(() => null);
  }
}

async function noteWrite() {
  lastWriteAt = Date.now();
  const cache = await caches.open(SHELL);
  await cache.put(WRITTEN, new Response(String(lastWriteAt)));
}

async function lastWrite() {
  if (lastWriteAt === null) {
    const stored = await caches.match(WRITTEN, { cacheName: SHELL });
    lastWriteAt = stored ? Number(await stored.text()) : 0;
  }
  return lastWriteAt;
}

// Who this browser's cookies say is signed in: the cache id in limber_person, ANONYMOUS
// when it is gone (signed out, expired, cleared), null when the browser can't say (no
// Cookie Store API), in which case no copy is anybody's.
async function cookiePerson() {
  if (!self.cookieStore) { return null; }
  try {
    const cookie = await self.cookieStore.get(CONFIG.personCookie);
    return cookie && cookie.value ? cookie.value : ANONYMOUS;
  } catch (e) {
    return null;
  }
}

// A copy only from the cache of the person the server last named, while their cookie is
// still here; pages of anyone the cookies no longer name are dropped on the way.
async function fromPages(key) {
  await forgetting;
  const person = await cookiePerson();
  if (person === null) { return null; }
  await forgetPages(person);
  return (await caches.match(key, { cacheName: PAGES + person, ignoreVary: true })) || null;
}

// Store a page under the person it was made for; never a redirect or an error, and never a
// private, no-store page of nobody signed in.
async function keep(key, response, asked) {
  const person = await personOf(response);
  const control = response.headers.get("Cache-Control") || "";
  const storable = response.ok && response.type === "basic" && !response.redirected && person;
  if (storable && !(person === ANONYMOUS && /no-store/.test(control))) {
    const headers = new Headers(response.headers);
    headers.set(STORED, String(asked));  // when it was asked for, not when it came
    try {
      const copy = new Response(await response.clone().blob(), { status: response.status, headers: headers });
      await (await caches.open(PAGES + person)).put(key, copy);
    } catch (e) { /* storage full: the page still shows, it just isn't kept */ }
  }
  return response;
}

// A page for someone else (or for nobody) than the pages we hold: drop them.
async function personOf(response) {
  const person = response.headers.get(CONFIG.personHeader);
  if (person) { await forgetPages(person); }
  return person;
}

async function forgetPages(keepPerson) {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PAGES) && name !== PAGES + keepPerson)
    .map((name) => caches.delete(name)));
}

async function signedIn() {
  const person = await cookiePerson();
  return person && person !== ANONYMOUS ? person : "";
}

// Background Sync: send the sessions this person finished offline, by the same rule as the
// page (static/js/offline/outbox.js). Any left for later makes this sync fail, so the
// browser tries again after a while; the page also sends them when it next opens.
async function sendQueued() {
  const results = await outbox.sendQueued(await signedIn(), "");
  for (const result of results.filter((r) => r.outcome !== "kept")) {
    await tell({ type: result.outcome, key: result.key });
  }
  if (results.some((r) => r.outcome === "kept")) { throw new Error("Sessions left to send later"); }
}

async function tell(message) {
  (await self.clients.matchAll({ type: "window" })).forEach((client) => client.postMessage(message));
}

// Web Push (reminders/push.py sends it): the routine and its length, with two actions. A
// tap on the notification or on "Start session" opens its guided session; "Snooze 1 hour"
// posts to the reminder's snooze address (a signed token is its authority, as the worker has
// no CSRF token: reminders/push_views.py), which sends it again an hour later, once. Only
// addresses on this site are opened or posted to, whatever a payload says. The tag names the
// reminder, so a retried or snoozed push replaces its notification instead of adding one.
const ACTIONS = [{ action: "start", title: "Start session" }, { action: "snooze", title: "Snooze 1 hour" }];

self.addEventListener("push", (event) => {
  const data = event.data ? event.data.json() : {};
  const options = { body: data.body || "", data: data, icon: CONFIG.icon };
  if (data.tag) { options.tag = data.tag; }
  if (sameSite(data.snooze)) { options.actions = ACTIONS; }
  event.waitUntil(self.registration.showNotification(data.title || "Limber", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(onNotificationClick(event.notification.data || {}, event.action));
});

// An address on this site, or null.
function sameSite(address) {
  if (typeof address !== "string") { return null; }
  try {
    const url = new URL(address, self.location.origin);
    return url.origin === self.location.origin ? url.href : null;
  } catch (e) {
    return null;
  }
}

// What a tap does: {snooze: address} for "Snooze 1 hour", otherwise {open: address} (the
// session, or Today when a payload names none on this site).
function notificationTarget(data, action) {
  const snooze = sameSite(data.snooze);
  if (action === "snooze" && snooze) { return { snooze: snooze }; }
  return { open: sameSite(data.url) || self.location.origin + "/today/" };
}

async function onNotificationClick(data, action) {
  const target = notificationTarget(data, action);
  if (target.snooze) { return snoozeReminder(data, target.snooze); }
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url === target.open);
  return open ? open.focus() : self.clients.openWindow(target.open);
}

// A snooze says nothing when it worked (the notification comes back in an hour); when the
// server refuses it (snoozed once already) or can't be reached, a quiet notification says
// so, and a tap on it opens the session.
async function snoozeReminder(data, address) {
  let message = "Couldn't snooze this reminder just now. Tap to open your session.";
  try {
    const response = await fetch(address, { method: "POST", credentials: "same-origin" });
    if (response.ok) { return "snoozed"; }
    const answer = await response.json();
    message = answer.message || answer.error || message;
  } catch (e) { /* offline, or not the server's JSON: the message above */ }
  await self.registration.showNotification(data.title || "Limber", {
    body: message, data: { url: data.url }, icon: CONFIG.icon, tag: data.tag, silent: true,
  });
  return message;
}
