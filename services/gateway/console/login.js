'use strict';
document.getElementById('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const box = document.getElementById('login-error');
  box.classList.add('hidden');
  const r = await fetch('/api/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: document.getElementById('login').value,
                           password: document.getElementById('password').value }),
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const m = { 401: 'Неправильний логін або пароль.',
                403: 'Обліковий запис заблоковано. Зверніться до керівника зміни.',
                429: 'Забагато невдалих спроб. Спробуйте пізніше або зверніться до керівника зміни.' };
    box.textContent = m[r.status] || (data.error && data.error.message) || 'Не вдалося увійти.';
    box.classList.remove('hidden');
    document.getElementById('password').focus();
    return;
  }
  // Only a path of this site: never an address elsewhere.
  const next = new URLSearchParams(location.search).get('next') || '';
  location.assign(/^\/[A-Za-z0-9_.-]+\.html(\?[^\/]*)?$/.test(next) ? next : data.home);
});
