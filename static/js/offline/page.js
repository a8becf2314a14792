// The offline page (templates/offline.html, shown by the worker in place of a page it has
// no copy of): it opens the page asked for by itself once the server answers again, at
// once when the browser says it is back online, otherwise every few seconds.
const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 30000;
let wait = FIRST_WAIT_MS;
let timer = null;

async function retry() {
  clearTimeout(timer);
  try {
    const response = await fetch("/healthz", { cache: "no-store" });
    if (response.ok) {
      window.location.reload();
      return;
    }
  } catch (e) { /* still no connection */ }
  wait = Math.min(wait * 2, LONGEST_WAIT_MS);
  timer = setTimeout(retry, wait);
}

// At its own address (/offline/) there is no other page to open: "Try again" is there.
if (window.location.pathname !== "/offline/") {
  window.addEventListener("online", () => {
    wait = FIRST_WAIT_MS;
    retry();
  });
  timer = setTimeout(retry, wait);
}
