// The service worker (served at /sw.js, scope /): the week of /time, the manual entry's page and the
// pages' styles, scripts and icons are kept in a cache, so that /time opens (and reloads) without a
// connection. Every request still goes to the network first: online, a page is always the server's
// own; the cache is only what answers when the network does not. Changes made offline are not kept
// here but by the page (static/js/offline.js, IndexedDB), which sends them when the network is back.
const CACHE = "aostime-offline-1";
const SHELL = [
  "/static/app.css", "/static/vendor/htmx-2.0.11.min.js", "/static/js/app.js", "/static/js/calendar.js",
  "/static/js/clock.js", "/static/js/copy.js", "/static/js/inline-edit.js", "/static/js/location.js",
  "/static/js/offline.js", "/static/js/offline-view.js", "/static/js/palette.js", "/static/js/pickers.js",
  "/static/js/report-chart.js", "/static/js/report-form.js", "/static/js/swaps.js", "/static/js/theme.js",
  "/static/js/timer-sync.js", "/static/js/timesheet.js", "/static/icons/icon-192.png",
  "/static/icons/icon-512.png", "/manifest.webmanifest",
];
// the pages kept as last seen: the week, the manual entry, an entry's edit page once opened
const PAGES = [/^\/time$/, /^\/time\/new$/, /^\/time\/\d+\/edit$/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  // signing out: nothing of this member's stays on the device
  if (event.data === "forget") event.waitUntil(forgetPages());
  // a signed-in page asks for the week and the manual entry to be kept (the first visit, when
  // this worker was not yet in control of the page)
  if (event.data === "keep") {
    event.waitUntil(keep(["/time", "/time/new"]).finally(() => event.ports[0]?.postMessage("kept")));
  }
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = PAGES.some((path) => path.test(url.pathname));
  if (!page && !url.pathname.startsWith("/static/") && url.pathname !== "/manifest.webmanifest") return;
  if (page && event.request.headers.get("HX-Request")) return;  // fragments are not pages
  event.respondWith(networkFirst(event.request, url, page));
});

async function networkFirst(request, url, page) {
  const cache = await caches.open(CACHE);
  const key = page ? url.pathname : request;  // /time?week=… is the week shown as /time
  try {
    const answer = await fetch(request);
    if (page && answer.redirected && new URL(answer.url).pathname === "/login") await forgetPages();
    else if (answer.ok && !answer.redirected && (!page || url.search === "")) await cache.put(key, answer.clone());
    return answer;
  } catch (offline) {
    const kept = await cache.match(key, { ignoreSearch: page });
    if (kept) return kept;
    if (!page) throw offline;
    return new Response(NOT_KEPT, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

async function keep(paths) {
  const cache = await caches.open(CACHE);
  for (const path of paths) {
    const answer = await fetch(path, { credentials: "same-origin" });
    if (answer.ok && !answer.redirected) await cache.put(path, answer);
  }
}

async function forgetPages() {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (PAGES.some((path) => path.test(new URL(request.url).pathname))) await cache.delete(request);
  }
}

const NOT_KEPT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Offline · aostime</title>
<link rel="stylesheet" href="/static/app.css"><main id="main"><h1>Offline</h1>
<p>This page was not kept for use without a connection. <a href="/time">Time</a> was.</p></main></html>`;
