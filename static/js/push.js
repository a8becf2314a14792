// "Notify me on this device" on the reminder page and the profile
// (templates/reminders/_this_device.html): shown only where the browser has the Push API and
// a service worker. Permission is asked only after the tap, never on load; the subscription,
// made with the site's VAPID public key, is posted to the server (reminders/push_views.py),
// which names the device.
//
// On load, a browser already subscribed (in an earlier sign-in) and allowed to notify tells
// this session its endpoint, silently, so signing out here forgets the device too. The
// server only recognises a device already the person's: it never adds or moves one.
(function () {
  "use strict";

  var section = document.querySelector("[data-push-key]");
  if (!section || !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) {
    return;
  }
  var button = section.querySelector("[data-push-button]");
  var status = section.querySelector("[data-push-status]");
  var token = document.querySelector("[name=csrfmiddlewaretoken]");

  // applicationServerKey takes the key's bytes; the server gives it as base64url.
  function keyBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function say(text) {
    status.textContent = text;
  }

  async function subscribe() {
    var permission = await Notification.requestPermission();
    if (permission !== "granted") {
      say("Notifications are blocked for this site: allow them in your browser's settings, then try again.");
      return;
    }
    var registration = await navigator.serviceWorker.ready;
    var subscription = await registration.pushManager.getSubscription() ||
      await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(section.getAttribute("data-push-key"))
      });
    var response = await fetch(section.getAttribute("data-push-subscribe"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
      body: JSON.stringify(subscription)
    });
    if (!response.ok) {
      say("Couldn't turn on notifications here: please try again later.");
      return;
    }
    var answer = await response.json();
    say("Done: " + answer.device + " will show your reminders.");
  }

  async function recognise() {
    if (section.hasAttribute("data-push-known") || Notification.permission !== "granted") {
      return;
    }
    var registration = await navigator.serviceWorker.getRegistration();
    var subscription = registration && await registration.pushManager.getSubscription();
    if (!subscription) {
      return;
    }
    await fetch(section.getAttribute("data-push-recognise"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin",
      body: JSON.stringify(subscription)
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    subscribe().catch(function () {
      say("Couldn't turn on notifications on this device.");
    }).finally(function () {
      button.disabled = false;
    });
  });
  section.hidden = false;
  recognise().catch(function () { /* silent: the tap still works */ });
})();
