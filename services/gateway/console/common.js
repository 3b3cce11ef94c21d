// Shared by every page of the console: the session, calls to the gateway's
// JSON API (with the CSRF token), errors beside their fields, labels.
'use strict';

const CC = (() => {
  let session = null;

  function loginUrl() {
    return '/login.html?next=' + encodeURIComponent(location.pathname + location.search);
  }

  // The console's sections, the one list every page's navigation is drawn
  // from: each for the roles whose work it is, the current page marked.
  const SECTIONS = [
    ['/operator.html', 'Прийом дзвінка', ['operator']],
    ['/letters.html', 'Листи дня', ['operator', 'supervisor']],
    ['/supervisor.html', 'Черга і справи', ['supervisor']],
    ['/decisions.html', 'Рішення', ['supervisor']],
    ['/directory.html', 'Довідник', ['supervisor']],
    ['/notices.html', 'Повідомлення', ['supervisor']],
    ['/analytics.html', 'Звіти', ['analyst', 'supervisor']],
    ['/signals.html', 'Сигнали', ['analyst', 'supervisor']],
    ['/content.html', 'Зміст звернень', ['analyst', 'supervisor']],
  ];
  function fillSections() {
    const nav = document.querySelector('header.top nav');
    if (!nav) return;
    nav.replaceChildren(...SECTIONS.filter(([, , roles]) => roles.includes(session.role))
      .map(([href, label]) => {
        const a = document.createElement('a');
        a.href = href;
        a.textContent = label;
        if (href === location.pathname) a.setAttribute('aria-current', 'page');
        return a;
      }));
  }

  // The session, or off to the login page.
  async function requireSession() {
    const r = await fetch('/api/session', { credentials: 'same-origin' });
    if (r.status === 401) {
      location.assign(loginUrl());
      throw new Error('not logged in');
    }
    session = await r.json();
    const who = document.getElementById('who');
    if (who) who.textContent = session.login;
    fillSections();
    const out = document.getElementById('logout');
    if (out) out.addEventListener('click', logout);
    return session;
  }

  async function logout() {
    await fetch('/api/logout', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
      body: '{}',
    });
    location.assign('/login.html');
  }

  class ApiError extends Error {
    constructor(status, error) {
      super((error && error.message) || ('помилка сервера (HTTP ' + status + ')'));
      this.status = status;
      this.code = error && error.code;
      this.violations = (error && error.field_violations) || [];
    }
  }

  // POST /api/<Service>/<Method>: the answer, or an ApiError.
  async function call(method, body) {
    const r = await fetch('/api/' + method, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
      body: JSON.stringify(body || {}),
    });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (r.status === 401) {
      location.assign(loginUrl());
      throw new ApiError(401, data && data.error);
    }
    if (!r.ok) throw new ApiError(r.status, data && data.error);
    return data;
  }

  // Clears the errors shown in `root`.
  function clearErrors(root) {
    root.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    root.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    const general = root.querySelector('.form-error');
    if (general) { general.textContent = ''; general.classList.add('hidden'); }
  }

  // Shows each field violation beside its field (elements carry
  // data-field="card.essence"), the rest in the form's general error box;
  // focuses the first bad field.
  function showErrors(root, err) {
    clearErrors(root);
    let first = null;
    const rest = [];
    for (const v of err.violations || []) {
      const input = root.querySelector('[data-field="' + CSS.escape(v.field) + '"]');
      if (!input) { rest.push(v.field + ': ' + v.description); continue; }
      input.setAttribute('aria-invalid', 'true');
      const box = document.getElementById(input.id + '-error');
      if (box) box.textContent = v.description;
      if (!first) first = input;
    }
    const general = root.querySelector('.form-error');
    if (general && (rest.length || !first)) {
      general.textContent = rest.length ? rest.join('; ') : err.message;
      general.classList.remove('hidden');
    }
    if (first) first.focus();
  }

  const STATUS = {
    APPEAL_STATUS_REGISTERED: 'зареєстровано',
    APPEAL_STATUS_NOT_CONSIDERED: 'не розглядається',
    APPEAL_STATUS_RETURNED_TO_APPLICANT: 'повернуто заявникові',
    APPEAL_STATUS_AWAITING_DECISION: 'чекає рішення керівника',
  };
  const CASE_STATUS = {
    CASE_STATUS_FORWARDED: 'надіслано виконавцю', CASE_STATUS_ACCEPTED: 'прийнято до розгляду',
    CASE_STATUS_ANSWERED: 'надано відповідь', CASE_STATUS_ON_CHECK: 'на перевірці',
    CASE_STATUS_CLOSED: 'закрито', CASE_STATUS_RETURNED_FOR_REWORK: 'на доопрацюванні',
    CASE_STATUS_RETURNED_TO_ROUTING: 'повернуто на розподіл',
    CASE_STATUS_NOT_CONSIDERED: 'залишено без розгляду',
  };
  function label(map, v) { return map[v] || v || '—'; }

  function date(ts) {
    if (!ts) return '—';
    const d = new Date(ts);
    return isNaN(d) ? ts : d.toLocaleString('uk-UA', { timeZone: 'Europe/Kyiv' });
  }

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }

  // A picker over reference data: the user types a code or a name; the
  // value sent is the code. `items` are {code, name}.
  function codeOf(text, items) {
    const t = (text || '').trim();
    if (!t) return '';
    const dash = t.indexOf(' — ');
    const head = dash > 0 ? t.slice(0, dash) : t;
    const byCode = items.find((i) => i.code.toLowerCase() === head.toLowerCase());
    if (byCode) return byCode.code;
    const byName = items.filter((i) => i.name.toLowerCase() === t.toLowerCase());
    if (byName.length === 1) return byName[0].code;
    const part = items.filter((i) => i.name.toLowerCase().includes(t.toLowerCase()));
    if (part.length === 1) return part[0].code;
    return t;  // the server names it if it is no code
  }
  function fillDatalist(list, items) {
    list.replaceChildren(...items.map((i) => el('option', { value: i.code + ' — ' + i.name })));
  }
  function nameOf(code, items) {
    const i = items.find((x) => x.code === code);
    return i ? code + ' — ' + i.name : (code || '');
  }

  // A common.v1.Date as the page shows it, and from/to an <input type=date>.
  function dateText(d) {
    return d && d.year ? String(d.day).padStart(2, '0') + '.' + String(d.month).padStart(2, '0') + '.' + d.year : '—';
  }
  function dateOf(value) {
    const v = (value || '').split('-').map(Number);
    return v.length === 3 && v.every((x) => x > 0) ? { year: v[0], month: v[1], day: v[2] } : undefined;
  }
  // Today in Kyiv plus `days`, as YYYY-MM-DD (for <input type=date>).
  function kyivDay(days) {
    const d = new Date(Date.now() + (days || 0) * 86400000);
    return d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Kyiv' });
  }

  // Offers `data` to save as a file named `name` (nothing leaves the page).
  function download(name, data, type) {
    const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
    const a = el('a', { href: url, download: name, className: 'hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // POST /api/<Service>/<Method> of a download (a CSV file): the file as a
  // Blob, or an ApiError.
  async function fetchFile(method, body) {
    const r = await fetch('/api/' + method, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
      body: JSON.stringify(body || {}),
    });
    if (!r.ok) {
      let data = null;
      try { data = await r.json(); } catch (e) { data = null; }
      throw new ApiError(r.status, data && data.error);
    }
    return r.blob();
  }

  return { requireSession, dateText, dateOf, kyivDay, download, fetchFile, call, clearErrors, showErrors, label, date, el, codeOf, fillDatalist,
           nameOf, STATUS, CASE_STATUS, ApiError, get session() { return session; } };
})();
