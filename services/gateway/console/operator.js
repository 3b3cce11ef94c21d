// The operator's call page: the caller's number -> earlier appeals; the card
// pre-filled from the last one; register; the registration number large.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const main = document.querySelector('main');
  let reference = { topics: [], territories: [] };
  let idempotencyKey = newKey();

  function newKey() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  await CC.requireSession();
  try {
    reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json();
  } catch (e) { /* the pickers stay empty; codes still work */ }
  CC.fillDatalist($('topics'), reference.topics);
  CC.fillDatalist($('territories'), reference.territories);

  async function lookup() {
    const phone = $('phone').value.trim();
    const status = $('history-status');
    const table = $('history-table');
    CC.clearErrors(main);
    if (!phone) return;
    status.textContent = 'Пошук…';
    let appeals = [];
    try {
      appeals = (await CC.call('IntakeService/FindApplicantHistory', { phone })).appeals || [];
    } catch (err) {
      status.textContent = '';
      CC.showErrors(main, err.violations.length ? { violations: [{ field: 'card.applicant.person.phone',
        description: err.violations.map((v) => v.description).join('; ') }] } : err);
      return;
    }
    appeals.sort((a, b) => (b.received_at || '').localeCompare(a.received_at || ''));
    const body = table.querySelector('tbody');
    body.replaceChildren(...appeals.map((a) => CC.el('tr', null,
      CC.el('td', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(a.appeal_id) }, a.registration_number)),
      CC.el('td', null, CC.date(a.received_at)),
      CC.el('td', null, CC.label(CC.STATUS, a.status)),
      CC.el('td', null, CC.nameOf(a.topic_code, reference.topics)),
      CC.el('td', null, a.closed ? 'завершено' : 'триває'))));
    table.classList.toggle('hidden', appeals.length === 0);
    if (appeals.length === 0) {
      status.textContent = 'Звернень з цього номера не було.';
      $('surname').focus();
      return;
    }
    const open = appeals.filter((a) => !a.closed).length;
    status.textContent = 'Заявник звертався ' + appeals.length + ' раз(и)' +
      (open ? '; не завершено: ' + open + '. Перевірте, чи це не повторне звернення.' : '.');
    try {
      const last = (await CC.call('IntakeService/GetAppeal', { appeal_id: appeals[0].appeal_id })).appeal;
      prefill(last && last.card);
    } catch (err) { /* the history stays; the card is typed by hand */ }
    $('essence').focus();
  }

  function prefill(card) {
    if (!card) return;
    const p = (card.applicant && card.applicant.person) || {};
    $('surname').value = p.surname || '';
    $('name').value = p.name || '';
    $('patronymic').value = p.patronymic || '';
    $('address').value = p.residence_address || '';
    $('email').value = p.email || '';
    $('topic').value = CC.nameOf(card.topic_code, reference.topics);
    $('territory').value = CC.nameOf(card.territory_code, reference.territories);
  }

  function cardRequest() {
    const person = {
      surname: $('surname').value.trim(), name: $('name').value.trim(),
      patronymic: $('patronymic').value.trim(), residence_address: $('address').value.trim(),
      phone: $('phone').value.trim(), email: $('email').value.trim(),
    };
    const card = {
      kind: $('kind').value, form: 'APPEAL_FORM_ORAL', channel: 'CHANNEL_HOTLINE_PHONE',
      subject: $('subject').value,
      topic_code: CC.codeOf($('topic').value, reference.topics),
      territory_code: CC.codeOf($('territory').value, reference.territories),
      essence: $('essence').value,
      needs_no_extra_study: $('no-study').checked, emergency: $('emergency').checked,
      route_manually: $('manual').checked,
      applicant_declared_incapable: $('incapable').checked,
      do_not_disclose_name: $('hide-name').checked,
      do_not_disclose_residence: $('hide-residence').checked,
      do_not_disclose_workplace: $('hide-workplace').checked,
    };
    if ($('subject').value !== 'APPEAL_SUBJECT_ANONYMOUS') card.applicant = { person };
    return { idempotency_key: idempotencyKey, card };
  }

  let busy = false;
  async function register() {
    if (busy) return;
    busy = true;
    $('register').disabled = true;
    CC.clearErrors(main);
    try {
      const r = await CC.call('IntakeService/RegisterAppeal', cardRequest());
      const a = r.appeal || {};
      $('reg-number').textContent = a.registration_number || '';
      $('result-status').textContent = 'Стан: ' + CC.label(CC.STATUS, a.status) + '.';
      $('result').classList.remove('hidden');
      $('result').focus();
      idempotencyKey = newKey();
    } catch (err) {
      CC.showErrors(main, err);
    } finally {
      busy = false;
      $('register').disabled = false;
    }
  }

  // Topic suggestion (AnalyticsService SuggestTopics): after a pause in
  // typing the essence, the three likeliest headings with their
  // probabilities; Alt+1..3 (or the button) puts one in the topic field.
  // Nothing is stored: the draft goes to analytics only to be classified,
  // and the operator still confirms by registering.
  let suggestTimer = 0;
  let suggestSeq = 0;
  let suggested = [];
  const suggestHint = $('suggest-hint').textContent;
  function showSuggestions(list) {
    suggested = list;
    $('suggestions').replaceChildren(...list.map((s, i) => {
      const b = CC.el('button', { type: 'button', className: 'secondary' },
        CC.el('kbd', null, 'Alt+' + (i + 1)), ' ' + s.topic_code + ' — ' + (s.name || CC.nameOf(s.topic_code, reference.topics)) +
        ' (' + Math.round(Number(s.probability || 0) * 100) + '%)');
      b.addEventListener('click', () => pickSuggestion(i));
      return CC.el('li', null, b);
    }));
  }
  function pickSuggestion(i) {
    const s = suggested[i];
    if (!s) return;
    $('topic').value = CC.nameOf(s.topic_code, reference.topics);
    $('topic').removeAttribute('aria-invalid');
    $('topic-error').textContent = '';
    $('suggest-hint').textContent = 'Тему ' + s.topic_code + ' підставлено; перевірте її перед реєстрацією.';
  }
  async function suggest() {
    const essence = $('essence').value.trim();
    const seq = ++suggestSeq;
    if (essence.length < 15) { showSuggestions([]); return; }
    try {
      const r = await CC.call('AnalyticsService/SuggestTopics', { essence });
      if (seq === suggestSeq) showSuggestions(r.suggestions || []);
    } catch (err) {
      if (seq === suggestSeq) showSuggestions([]);  // no hint; the operator picks as usual
    }
  }
  $('essence').addEventListener('input', () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(suggest, 700);
  });

  function newCall() {
    clearTimeout(suggestTimer);
    ++suggestSeq;
    showSuggestions([]);
    $('suggest-hint').textContent = suggestHint;
    $('card').reset();
    $('lookup').reset();
    CC.clearErrors(main);
    $('result').classList.add('hidden');
    $('history-table').classList.add('hidden');
    $('history-status').textContent = 'Введіть номер телефону і натисніть Enter.';
    idempotencyKey = newKey();
    $('phone').focus();
  }

  // The consultation: search the knowledge base, record it.
  const dialog = $('consultation');
  async function searchKb() {
    const list = $('kb-results');
    try {
      const r = await CC.call('IntakeService/SearchArticles', { query: $('kb-query').value, page_size: 10 });
      const articles = r.articles || [];
      list.replaceChildren(...articles.map((a) => CC.el('li', null,
        CC.el('label', { className: 'check' }, CC.el('input', { type: 'checkbox', value: a.id }), a.title))));
      if (!articles.length) list.replaceChildren(CC.el('li', null, 'Нічого не знайдено.'));
    } catch (err) { CC.showErrors(dialog, err); }
  }
  async function recordConsultation() {
    const ids = Array.from(dialog.querySelectorAll('#kb-results input:checked'), (i) => i.value);
    CC.clearErrors(dialog);
    try {
      await CC.call('IntakeService/RecordConsultation', { consultation: {
        topic_code: CC.codeOf($('topic').value, reference.topics), article_ids: ids,
        note: $('kb-note').value } });
      $('kb-done').textContent = 'Консультацію записано.';
      $('kb-done').classList.remove('hidden');
    } catch (err) { CC.showErrors(dialog, err); }
  }

  $('lookup').addEventListener('submit', (e) => { e.preventDefault(); lookup(); });
  $('card').addEventListener('submit', (e) => { e.preventDefault(); register(); });
  $('new-call').addEventListener('click', newCall);
  $('consult').addEventListener('click', () => { dialog.showModal(); $('kb-query').focus(); });
  $('kb-search').addEventListener('submit', (e) => { e.preventDefault(); searchKb(); });
  $('kb-record').addEventListener('click', recordConsultation);
  $('kb-close').addEventListener('click', () => dialog.close());
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.key === 'Enter') { e.preventDefault(); register(); }
    if (e.altKey && !e.ctrlKey && /^Digit[123]$/.test(e.code) && suggested.length) {
      e.preventDefault();
      pickSuggestion(Number(e.code.slice(5)) - 1);
    }
    if (e.altKey && (e.key === 'k' || e.key === 'K' || e.code === 'KeyK')) {
      e.preventDefault();
      dialog.showModal();
      $('kb-query').focus();
    }
  });

  const phone = new URLSearchParams(location.search).get('phone');
  if (phone) { $('phone').value = phone; lookup(); }
})();
