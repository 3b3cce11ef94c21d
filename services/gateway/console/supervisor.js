// The supervisor's page: the manual routing queue (live, by server-sent
// events) with assignment, and the cases needing attention.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const main = document.querySelector('main');
  await CC.requireSession();
  let reference = { topics: [], territories: [] };
  try { reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json(); } catch (e) { /* codes only */ }
  let executors = [];
  try {
    executors = ((await CC.call('RoutingService/ListExecutors', {})).executors || [])
      .filter((x) => x.active).map((x) => ({ code: x.id, name: x.name }));
  } catch (e) { /* typed by id */ }
  CC.fillDatalist($('executors'), executors);

  function left(seconds) {
    const s = Number(seconds || 0);
    if (s <= 0) return CC.el('span', { className: 'overdue' }, 'строк минув');
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    return (d ? d + ' дн ' : '') + h + ' год';
  }

  async function assign(item, input) {
    CC.clearErrors(main);
    try {
      await CC.call('RoutingService/AssignExecutor', {
        appeal_id: item.appeal_id, executor_id: CC.codeOf(input.value, executors) });
      $('assign-status').textContent = 'Звернення ' + item.registration_number + ' передано виконавцю.';
      refreshQueue();
    } catch (err) { CC.showErrors(main, err); }
  }

  function renderQueue(items) {
    const body = $('queue-table').querySelector('tbody');
    body.replaceChildren(...items.map((item, i) => {
      const input = CC.el('input', { id: 'assign-' + i, autocomplete: 'off' });
      input.setAttribute('list', 'executors');
      input.setAttribute('data-field', 'executor_id');
      input.setAttribute('aria-label', 'Виконавець для ' + item.registration_number);
      const button = CC.el('button', { type: 'submit' }, 'Призначити');
      const form = CC.el('form', { className: 'actions' }, input, button,
        CC.el('span', { id: 'assign-' + i + '-error', className: 'field-error' }));
      form.addEventListener('submit', (e) => { e.preventDefault(); assign(item, input); });
      return CC.el('tr', null,
        CC.el('td', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(item.appeal_id) }, item.registration_number)),
        CC.el('td', null, item.reason),
        CC.el('td', null, CC.nameOf(item.topic_code, reference.topics)),
        CC.el('td', null, CC.nameOf(item.territory_code, reference.territories)),
        CC.el('td', null, left(item.seconds_left)),
        CC.el('td', null, form));
    }));
    $('queue-status').textContent = items.length ? 'У черзі: ' + items.length + '.' : 'Черга порожня.';
  }

  function renderAttention(cases) {
    $('attention-table').querySelector('tbody').replaceChildren(...cases.map((c) => CC.el('tr', null,
      CC.el('td', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(c.appeal_id) }, c.registration_number)),
      CC.el('td', null, c.executor_id),
      CC.el('td', null, CC.label(CC.CASE_STATUS, c.status)),
      CC.el('td', null, c.control_date ? c.control_date.day + '.' + c.control_date.month + '.' + c.control_date.year : '—'))));
  }

  async function refreshQueue() {
    try { renderQueue((await CC.call('RoutingService/ListManualRoutingQueue', {})).items || []); }
    catch (err) { CC.showErrors(main, err); }
  }

  function follow(stream, render, key) {
    const source = new EventSource('/api/events/' + stream);
    source.addEventListener('update', (e) => render((JSON.parse(e.data)[key]) || []));
  }
  await refreshQueue();
  follow('manual-queue', renderQueue, 'items');
  follow('attention', renderAttention, 'cases');
})();
