// Spike signals (issue 15) for an analyst or supervisor to confirm or
// dismiss with a reason (AnalyticsService ListSignals, DecideSignal): the
// topic, the territory, the days, the appeals observed against those
// expected, and the method that found it.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const form = $('filter-form');
  await CC.requireSession();
  let reference = { topics: [], territories: [] };
  try { reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json(); } catch (e) { /* codes only */ }
  CC.fillDatalist($('topics'), reference.topics.filter((t) => !t.code.includes('.')));

  const METHOD = {
    SIGNAL_METHOD_SPACE_TIME_SCAN: 'просторово-часове сканування (район із сусідніми)',
    SIGNAL_METHOD_NB_CUSUM: 'кумулятивна сума (уся область)',
  };
  const STATUS = {
    SIGNAL_STATUS_NEW: 'новий', SIGNAL_STATUS_CONFIRMED: 'підтверджено', SIGNAL_STATUS_DISMISSED: 'відхилено',
  };

  function territories(s) {
    const codes = s.territory_codes || [];
    return codes.length ? codes.map((c) => CC.nameOf(c, reference.territories)).join('; ') : 'уся область';
  }
  function days(s) {
    const first = CC.dateText(s.first_day), last = CC.dateText(s.detected_on);
    return first === last ? last : first + ' – ' + last;
  }

  async function decide(s, decision, reason, box) {
    CC.clearErrors(box);
    try {
      await CC.call('AnalyticsService/DecideSignal', { signal_id: s.signal_id, decision, reason: reason.value });
      await load();
      $('signals-status').textContent = 'Сигнал «' + CC.nameOf(s.topic_code, reference.topics) + '» ' +
        (decision === 'SIGNAL_STATUS_CONFIRMED' ? 'підтверджено.' : 'відхилено.') + ' ' + $('signals-status').textContent;
      $('signals-h').focus();
    } catch (err) { CC.showErrors(box, err); }
  }

  function render(s, i) {
    const dl = CC.el('dl', { className: 'facts' },
      CC.el('dt', null, 'Територія'), CC.el('dd', { className: 'territory' }, territories(s)),
      CC.el('dt', null, 'Дні'), CC.el('dd', null, days(s)),
      CC.el('dt', null, 'Звернень'), CC.el('dd', { className: 'observed' },
        String(s.observed || 0) + ' (очікувалося ' + Number(s.expected || 0).toFixed(1) + ')'),
      CC.el('dt', null, 'Метод'), CC.el('dd', null, METHOD[s.method] || s.method || '—'),
      CC.el('dt', null, 'Значущість'), CC.el('dd', null, s.p_value
        ? 'p = ' + Number(s.p_value).toFixed(3) + '; такий сплеск — раз на ' + Math.round(s.recurrence_days || 0) + ' дн.'
        : 'статистика ' + Number(s.statistic || 0).toFixed(2)),
      CC.el('dt', null, 'Стан'), CC.el('dd', { className: 'signal-status' }, STATUS[s.status] || s.status || '—'));
    if (s.status !== 'SIGNAL_STATUS_NEW') {
      dl.append(CC.el('dt', null, 'Рішення'), CC.el('dd', null,
        (s.decided_by || '—') + ', ' + CC.date(s.decided_at) + ': ' + (s.decision_reason || '')));
    }
    const h = CC.el('h3', { id: 'signal-' + i }, CC.nameOf(s.topic_code, reference.topics));
    const article = CC.el('article', { className: 'proposal signal' }, h, dl);
    article.setAttribute('aria-labelledby', 'signal-' + i);
    article.dataset.topic = s.topic_code;
    if (s.status === 'SIGNAL_STATUS_NEW') {
      const reason = CC.el('textarea', { id: 'reason-' + i, rows: 2 });
      reason.setAttribute('data-field', 'reason');
      reason.setAttribute('aria-describedby', 'reason-' + i + '-error');
      const confirm = CC.el('button', { type: 'button' }, 'Підтвердити');
      const dismiss = CC.el('button', { type: 'button', className: 'secondary' }, 'Відхилити');
      const box = CC.el('form', null,
        CC.el('div', { className: 'field' }, CC.el('label', { htmlFor: 'reason-' + i }, 'Чому (обов\'язково)'), reason,
          CC.el('span', { id: 'reason-' + i + '-error', className: 'field-error' })),
        CC.el('div', { className: 'actions' }, confirm, dismiss),
        CC.el('p', { className: 'form-error alert hidden', role: 'alert' }));
      box.addEventListener('submit', (e) => e.preventDefault());
      confirm.addEventListener('click', () => decide(s, 'SIGNAL_STATUS_CONFIRMED', reason, box));
      dismiss.addEventListener('click', () => decide(s, 'SIGNAL_STATUS_DISMISSED', reason, box));
      article.append(box);
    }
    return article;
  }

  async function load() {
    CC.clearErrors(form);
    const status = $('status').value;
    try {
      const r = await CC.call('AnalyticsService/ListSignals', {
        statuses: status ? [status] : [], topic_code: CC.codeOf($('topic').value, reference.topics), page_size: 200 });
      const list = r.signals || [];
      $('signals').replaceChildren(...list.map(render));
      $('signals-status').textContent = list.length ? 'Сигналів: ' + list.length + '.' : 'Сигналів немає.';
    } catch (err) { CC.showErrors(form, err); $('signals-status').textContent = ''; }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  $('status').addEventListener('change', load);
  await load();
})();
