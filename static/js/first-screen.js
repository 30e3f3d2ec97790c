// The first screen with no further round trip: the server puts this script and the data
// it draws from into the page itself (#first-data: the session, the skills and, for a
// volunteer, the near-me list as GET /api/v1/me/nearby-needs gives it). It draws the
// near-me list or the sign-in form with the same markup as the app's screens, with live
// buttons, and marks `usable`; the app's modules, loading meanwhile, then take it over
// (window.firstScreen) without drawing anything different. In the kept offline shell
// there is no data ({"shell": true}) and the app draws from what the phone remembers.
(function () {
  const data = JSON.parse(document.getElementById('first-data').textContent);
  const STRINGS = data.strings || {};
  const first = {
    shell: !!data.shell, session: data.session || null, nearby: data.nearby || null,
    skills: data.skills || null, order: data.order || 'distance', registering: false,
    screen: null, html: null, taken: false,
  };
  window.firstScreen = first;
  if (localStorage.getItem('large-text') === '1') document.documentElement.classList.add('large');
  if (first.shell) return;

  const lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const ROLE_ORDER = ['social_worker', 'grid_manager', 'admin', 'volunteer', 'resident'];
  const VOLUNTEER_TABS = [['nearby', 'tab_nearby', '📍'], ['offers', 'tab_offers', '✉'],
    ['tasks', 'tab_tasks', '✓'], ['me', 'tab_me', '☺']];

  function t(key, params = {}) {
    const entry = STRINGS[key];
    const text = entry ? entry[lang === 'en' ? 1 : 0] : key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? params[name] : `{${name}}`));
  }

  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  const chip = (text, kind = '') => h('span', { class: `chip ${kind}` }, text);
  const zone = 'Asia/Shanghai'; // the community's time, whatever zone the phone is set to
  const when = (iso) => new Date(iso).toLocaleString(locale, {
    month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone,
  });
  const span = (starts, ends) => `${when(starts)}–${new Date(ends).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone })}`;
  const distance = (m) => (m < 1000 ? t('metres', { n: Math.round(m) }) : t('km', { n: (m / 1000).toFixed(1) }));
  function skillName(code) {
    const skill = (first.skills || []).find((s) => s.code === code);
    if (!skill) return code;
    return lang === 'en' ? skill.name_en : skill.name_zh;
  }

  function announce(message, kind = 'info') {
    const live = document.getElementById('live');
    live.textContent = message;
    live.className = `toast show ${kind === 'error' ? 'error' : ''}`;
    setTimeout(() => { live.className = 'toast'; }, 4000);
  }

  async function send(method, path, body, key) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json',
      'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', 'X-CSRF-Token': first.session ? first.session.csrf_token : '' };
    if (key) headers['Idempotency-Key'] = key;
    let response;
    try {
      response = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw Object.assign(new Error(t('offline_error')), { fields: {} });
    }
    const answer = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = (answer && answer.error) || {};
      throw Object.assign(new Error(error.message || t('error_generic')), { fields: error.fields || {} });
    }
    return answer;
  }

  function busyButton(label, action, attrs = {}) {
    const button = h('button', { type: 'button', ...attrs }, label);
    button.addEventListener('click', async () => {
      if (button.disabled) return;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      try { await action(button); } finally { button.disabled = false; button.removeAttribute('aria-busy'); }
    });
    return button;
  }

  /** Put a screen in the view, unless the app has taken over meanwhile. */
  function show(name, root) {
    if (first.taken) return;
    document.getElementById('view').replaceChildren(root);
    document.body.dataset.screen = name;
    first.screen = name;
  }

  function drawChrome(user, role) {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('app_title');
    document.getElementById('app-title').textContent = t('app_title');
    document.querySelector('.skip').textContent = t('skip_to_content');
    const toggle = document.getElementById('lang-toggle');
    toggle.textContent = lang === 'en' ? '中文' : 'English';
    toggle.setAttribute('lang', lang === 'en' ? 'zh-CN' : 'en');
    toggle.title = t('switch_language');
    const roles = user ? rolesOf(user) : [];
    const switcher = document.getElementById('role-switch');
    document.getElementById('role-switch-label').textContent = t('acting_as');
    switcher.hidden = roles.length < 2;
    switcher.replaceChildren(...roles.map((r) => h('option', { value: r, selected: r === role }, t(`role_${r}`))));
    const tabs = document.getElementById('tabs');
    tabs.setAttribute('aria-label', t('main_menu'));
    tabs.hidden = !user;
    if (user) {
      tabs.replaceChildren(...VOLUNTEER_TABS.map(([route, key, icon]) => h('a', {
        href: `#/${route}`, 'aria-current': route === 'nearby' ? 'page' : null,
      }, h('span', { class: 'icon', 'aria-hidden': 'true' }, icon), h('span', {}, t(key)))));
    }
  }

  function rolesOf(user) {
    const held = new Set((user.roles || []).map((r) => r.role));
    return ROLE_ORDER.filter((r) => held.has(r));
  }

  // Near me: the same cards as screens/volunteer-nearby.js.
  function drawNearby() {
    const list = first.nearby.items;
    const segmented = h('div', { class: 'segmented', role: 'group', 'aria-label': t('sort_by') },
      ['distance', 'start'].map((value) => {
        const b = h('button', { type: 'button', 'aria-pressed': String(first.order === value) }, value === 'start' ? t('sort_start') : t('sort_distance'));
        b.addEventListener('click', async () => {
          try {
            first.nearby = await send('GET', `/me/nearby-needs?order=${value}&per_page=20`);
            first.order = value;
            drawNearby();
          } catch (err) { announce(err.message, 'error'); }
        });
        return b;
      }));
    const root = h('div', { class: 'screen screen-nearby' }, h('h2', {}, t('nearby_title')), segmented);
    if (!list.length) root.append(h('p', { class: 'empty' }, t('nearby_none')));
    for (const need of list) root.append(needCard(need));
    show('nearby', root);
  }

  function needCard(need) {
    const left = need.slots - need.taken;
    return h('article', { class: 'card', dataset: { need: need.id } },
      h('h3', {}, h('span', {}, need.title), need.urgency === 'urgent' ? chip(t('urgent'), 'danger') : null),
      h('div', { class: 'meta' },
        need.distance_m !== null && need.distance_m !== undefined ? h('span', {}, `📍 ${distance(need.distance_m)}`) : null,
        h('span', {}, need.public_place)),
      h('p', {}, span(need.starts_at, need.ends_at)),
      h('div', { class: 'tags' }, (need.skills || []).map((s) => chip(skillName(s))),
        chip(t('slots_left', { n: left }), left > 0 ? 'ok' : 'muted')),
      left > 0 ? h('div', { class: 'actions' }, busyButton(t('sign_up'), async () => {
        const key = crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
        try {
          await send('POST', `/needs/${need.id}/signup`, {}, key);
          announce(t('signed_up'));
          location.hash = '#/tasks';
        } catch (err) { announce(err.message, 'error'); }
      })) : null);
  }

  // Sign in: the same form as screens/login.js; once signed in, the page comes again with
  // the caller's first screen in it.
  let fieldCount = 0;
  function field(name, label, control, hint) {
    const id = `f-${name}-${++fieldCount}`;
    control.id = id;
    control.name = name;
    const error = h('div', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: name } });
    control.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
    return h('div', { class: 'field' }, h('label', { for: id }, label),
      hint ? h('p', { class: 'muted', id: `${id}-hint` }, hint) : null, control, error);
  }

  function drawLogin() {
    const registering = first.registering;
    const phone = h('input', { type: 'tel', inputmode: 'numeric', autocomplete: 'tel', required: true, maxlength: 11 });
    const password = h('input', { type: 'password', autocomplete: registering ? 'new-password' : 'current-password', required: true });
    const name = h('input', { type: 'text', autocomplete: 'name', required: true });
    const form = h('form', { class: 'card', novalidate: true },
      h('h2', {}, registering ? t('register_title') : t('login_title')),
      registering ? field('name', t('real_name'), name) : null,
      field('phone', t('phone'), phone),
      field('password', t('password'), password, registering ? t('password_hint') : null),
      h('button', { type: 'submit', class: 'wide' }, registering ? t('register') : t('login')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { phone: phone.value.trim(), password: password.value };
      try {
        if (registering) await send('POST', '/auth/register', { ...body, name: name.value.trim() });
        await send('POST', '/auth/login', body);
        localStorage.removeItem('role');
        location.reload();
      } catch (err) {
        form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
        const named = Object.entries(err.fields).filter(([n]) => form.querySelector(`[data-error-for="${n}"]`));
        for (const [n, problem] of named) {
          form.querySelector(`[data-error-for="${n}"]`).textContent = [].concat(problem).join(' ');
          form.querySelector(`[name="${n}"]`).setAttribute('aria-invalid', 'true');
        }
        if (!named.length) announce(err.message, 'error');
      }
    });
    const toggle = h('button', { type: 'button', class: 'secondary wide' },
      registering ? t('have_account') : t('new_account'));
    toggle.addEventListener('click', () => { first.registering = !first.registering; drawLogin(); });
    show('login', h('div', { class: 'screen screen-login' }, h('p', { class: 'muted' }, t('welcome')), form, toggle));
  }

  const route = location.hash.replace(/^#\/?/, '').split('/')[0];
  if (!first.session) {
    localStorage.removeItem('me');
    if (location.hash !== '#/login') history.replaceState(null, '', '#/login');
    drawChrome(null, null);
    drawLogin();
  } else {
    const roles = rolesOf(first.session.user);
    const stored = localStorage.getItem('role');
    const role = roles.includes(stored) ? stored : roles[0];
    if (role !== 'volunteer' || !first.nearby || !['', 'login', 'nearby'].includes(route)) return;
    if (location.hash !== '#/nearby') history.replaceState(null, '', '#/nearby');
    drawChrome(first.session.user, role);
    drawNearby();
  }
  first.html = document.getElementById('view').innerHTML;
  performance.mark('usable');
}());
