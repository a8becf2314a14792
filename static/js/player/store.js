// What the player keeps in the browser: the person's switches, and the session in progress
// (keyed by enrolment and local day, so a reload, Back or a crash resumes it that day).
const PREFS_KEY = "limber.player.prefs";
const DEFAULTS = { sound: true, voice: false, vibrate: true };

function read(key) {
  try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
}

function write(key, value) {
  try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
}

export function loadPrefs() {
  return Object.assign({}, DEFAULTS, read(PREFS_KEY) || {});
}

export function savePrefs(prefs) { write(PREFS_KEY, prefs); }

export function sessionKey(enrolment, day) { return "limber.session." + enrolment + "." + day; }

export function loadSession(key) { return read(key); }

export function saveSession(key, state) { write(key, state); }

// Forget this session, and any left over from earlier days for the same routine.
export function clearSession(key) {
  try {
    const prefix = key.slice(0, key.lastIndexOf(".") + 1);
    Object.keys(window.localStorage)
      .filter((name) => name === key || name.startsWith(prefix))
      .forEach((name) => window.localStorage.removeItem(name));
  } catch (e) { /* private mode */ }
}
