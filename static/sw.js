// Service worker: the app shell is kept so the app opens with no network.
// API calls are never cached here (the app keeps its own last answers and its queue).
// Bump VERSION whenever a file of the shell changes, so phones fetch the new set.
// "/" is personal (it carries the signed-in person's first screen), so the kept page is
// /shell: the same page with no one's data in it.
const VERSION = 'shell-v20';
const SHELL = [
  '/shell', '/static/app.css', '/manifest.webmanifest', '/static/icons/icon.svg',
  '/static/js/app.js', '/static/js/api.js', '/static/js/i18n.js', '/static/js/strings.js', '/static/js/ui.js',
  '/static/js/offline-queue.js', '/static/js/charts.js', '/static/js/checkin-code.js', '/static/js/first-screen.js',
  '/static/js/grid-picker.js',
  '/static/js/screens/login.js', '/static/js/screens/resident-ask.js', '/static/js/screens/resident-requests.js',
  '/static/js/screens/volunteer-nearby.js', '/static/js/screens/volunteer-offers.js',
  '/static/js/screens/volunteer-tasks.js', '/static/js/screens/volunteer-me.js', '/static/js/screens/settings.js',
  '/static/js/screens/worker-queue.js', '/static/js/screens/worker-need.js', '/static/js/screens/worker-records.js',
  '/static/js/screens/worker-trainings.js', '/static/js/screens/dashboard.js', '/static/js/screens/notices.js',
  '/static/js/screens/volunteer-profile.js', '/static/js/screens/worker-volunteers.js', '/static/js/screens/teams.js',
  '/static/js/screens/activities.js', '/static/js/screens/checkin-link.js', '/static/js/screens/projects.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION)
    .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The shell from the network when there is one (fresh), else the kept copy.
    event.respondWith(fetch(request).catch(() => caches.match('/shell', { cacheName: VERSION })));
    return;
  }
  // Shell files: the kept copy at once, refreshed in the background.
  event.respondWith(caches.open(VERSION).then(async (cache) => {
    const kept = await cache.match(request, { ignoreSearch: true });
    const fresh = fetch(request).then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    });
    if (kept) { fresh.catch(() => {}); return kept; }
    return fresh;
  }));
});

// Web Push: the server's message (volunteer/notify/webpush.py) shown as a notification;
// a tap brings the app forward at the notification list.
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (err) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || '社区志愿服务对接', {
    body: data.body || '', tag: data.tag, icon: '/static/icons/icon.svg', data: { url: data.url || '/#/notices' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/', self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
    if (!open) return self.clients.openWindow(url);
    return open.focus().then((w) => (w.navigate ? w.navigate(url) : w));
  }));
});
