// An executor's page, for bodies with no system of their own: their cases;
// accept, extend, answer, decline, by the same rules as the gRPC API.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const section = $('case');
  const session = await CC.requireSession();
  $('executor-name').textContent = 'Виконавець: ' + session.executor_id;
  let current = null;

  function dateText(d) { return d ? d.day + '.' + d.month + '.' + d.year : '—'; }

  function fail(form, err) {
    CC.showErrors(form, err);
    if (!form.querySelector('[aria-invalid="true"]')) {
      const box = section.querySelector('.form-error');
      box.textContent = err.message;
      box.classList.remove('hidden');
    }
  }
  function done(text) {
    CC.clearErrors(section);
    $('case-done').textContent = text;
    $('case-done').classList.remove('hidden');
  }

  async function load() {
    try {
      const cases = (await CC.call('ExecutorService/ListMyCases', {})).cases || [];
      $('cases-table').querySelector('tbody').replaceChildren(...cases.map((c) => {
        const open = CC.el('button', { type: 'button', className: 'secondary' }, 'Відкрити');
        open.addEventListener('click', () => show(c));
        const cells = [open];
        if (c.status === 'CASE_STATUS_FORWARDED') {
          const accept = CC.el('button', { type: 'button' }, 'Прийняти');
          accept.addEventListener('click', () => act('ExecutorService/AcceptCase', { case_id: c.id }, 'Справу прийнято до розгляду.', null));
          cells.push(' ', accept);
        }
        return CC.el('tr', null, CC.el('td', null, c.registration_number),
          CC.el('td', null, CC.label(CC.CASE_STATUS, c.status)),
          CC.el('td', null, dateText(c.control_date)), CC.el('td', null, ...cells));
      }));
      $('cases-status').textContent = cases.length ? 'Справ: ' + cases.length + '.' : 'Справ немає.';
    } catch (err) { $('cases-status').textContent = err.message; }
  }

  function show(c) {
    current = c;
    $('case-number').textContent = c.registration_number;
    $('case-info').textContent = 'Стан: ' + CC.label(CC.CASE_STATUS, c.status) +
      '. Контрольна дата: ' + dateText(c.control_date) + '.';
    CC.clearErrors(section);
    $('case-done').classList.add('hidden');
    section.classList.remove('hidden');
    section.focus();
  }

  async function act(method, body, text, form) {
    try {
      await CC.call(method, body);
      done(text);
      await load();
    } catch (err) { fail(form || section, err); }
  }

  $('answer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const today = new Date();
    act('ExecutorService/SubmitAnswer', { case_id: current.id, answer: {
      text: $('answer-text').value, outgoing_number: $('answer-number').value.trim(),
      signer: $('answer-signer').value.trim(), result: $('answer-result').value,
      answer_date: { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() } } },
    'Відповідь надіслано.', $('answer-form'));
  });
  $('extend-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('extend-date').value.split('-').map(Number);
    act('ExecutorService/RequestExtension', { case_id: current.id,
      new_control_date: v.length === 3 ? { year: v[0], month: v[1], day: v[2] } : undefined,
      reason_code: $('extend-reason-code').value,
      reason: $('extend-reason').value, approved_by: $('extend-approved').value.trim() },
    'Строк продовжено.', $('extend-form'));
  });
  $('decline-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('ExecutorService/DeclineCase', { case_id: current.id, reason: $('decline-reason').value },
      'Справу повернуто на розподіл.', $('decline-form'));
  });
  await load();
})();
