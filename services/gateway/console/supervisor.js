// The supervisor's page: the manual routing queue (live, by server-sent
// events) with assignment, and the cases needing attention grouped by
// executive body (live too).
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

  const KIND = { overdue: 'прострочено', due_soon: 'строк спливає', in_rework: 'на доопрацюванні' };
  function executorName(id) {
    const x = executors.find((e) => e.code === id);
    return x ? x.name + ' (' + id + ')' : id;
  }
  // {overdue: {cases}, due_soon: {cases}, in_rework: {cases}} -> a section
  // per body, most overdue first.
  function renderAttention(lists) {
    const bodies = new Map();
    for (const kind of Object.keys(KIND)) {
      for (const c of ((lists[kind] || {}).cases || [])) {
        if (!bodies.has(c.executor_id)) bodies.set(c.executor_id, { overdue: 0, due_soon: 0, in_rework: 0, cases: [] });
        const b = bodies.get(c.executor_id);
        b[kind] += 1;
        b.cases.push({ kind, c });
      }
    }
    const order = [...bodies.entries()].sort((a, b) =>
      b[1].overdue - a[1].overdue || b[1].due_soon - a[1].due_soon || a[0].localeCompare(b[0]));
    $('attention').replaceChildren(...order.map(([id, b], i) => {
      const h = CC.el('h3', { id: 'body-' + i }, executorName(id));
      const counts = CC.el('p', { className: 'hint' }, 'Прострочено: ' + b.overdue + '; строк спливає: ' +
        b.due_soon + '; на доопрацюванні: ' + b.in_rework + '.');
      const table = CC.el('table', { className: 'attention-body' },
        CC.el('thead', null, CC.el('tr', null, ...['Реєстраційний номер', 'Що з нею', 'Стан', 'Контрольна дата']
          .map((t) => { const th = CC.el('th', null, t); th.scope = 'col'; return th; }))),
        CC.el('tbody', null, ...b.cases.map(({ kind, c }) => CC.el('tr', null,
          CC.el('td', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(c.appeal_id) }, c.registration_number)),
          CC.el('td', null, kind === 'overdue' ? CC.el('span', { className: 'overdue' }, KIND[kind]) : KIND[kind]),
          CC.el('td', null, CC.label(CC.CASE_STATUS, c.status)),
          CC.el('td', null, CC.dateText(c.control_date))))));
      const section = CC.el('section', { className: 'body-group' }, h, counts, table);
      section.setAttribute('aria-labelledby', 'body-' + i);
      section.dataset.executor = id;
      return section;
    }));
    $('attention-status').textContent = bodies.size ? 'Виконавців зі справами, що потребують уваги: ' + bodies.size + '.'
      : 'Справ, що потребують уваги, немає.';
  }

  async function refreshQueue() {
    try { renderQueue((await CC.call('RoutingService/ListManualRoutingQueue', {})).items || []); }
    catch (err) { CC.showErrors(main, err); }
  }

  function follow(stream, render) {
    const source = new EventSource('/api/events/' + stream);
    source.addEventListener('update', (e) => render(JSON.parse(e.data)));
  }
  await refreshQueue();
  follow('manual-queue', (d) => renderQueue(d.items || []));
  follow('attention', renderAttention);
})();
