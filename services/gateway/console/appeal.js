// An appeal's page: the card (as the service shows it to this person, with
// Art. 10 honoured by the service), the routing decision, the case history,
// and for the contact center the call-back: planned once the body has
// answered (ANSWERED -> ON_CHECK), its result recorded (CLOSED, rework with
// a new term, or another try when the applicant was not reached).
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const main = document.querySelector('main');
  await CC.requireSession();
  const id = new URLSearchParams(location.search).get('id') || '';

  function row(term, value) { return [CC.el('dt', null, term), CC.el('dd', null, value || '—')]; }

  try {
    const a = (await CC.call('IntakeService/GetAppeal', { appeal_id: id })).appeal || {};
    const c = a.card || {};
    const p = (c.applicant && c.applicant.person) || {};
    $('appeal-number').textContent = a.registration_number || '';
    $('card').replaceChildren(
      ...row('Стан', CC.label(CC.STATUS, a.status)), ...row('Зареєстровано', CC.date(a.registered_at)),
      ...row('Заявник', [p.surname, p.name, p.patronymic].filter(Boolean).join(' ')),
      ...row('Адреса', p.residence_address), ...row('Телефон', p.phone),
      ...row('Тема', c.topic_code), ...row('Територія', c.territory_code), ...row('Суть', c.essence));
  } catch (err) { CC.showErrors(main, err); return; }
  try {
    const d = (await CC.call('RoutingService/GetRoutingDecision', { appeal_id: id })).decision || {};
    $('decision').textContent = (d.executor_id ? 'Виконавець: ' + d.executor_id + '. ' : '') + (d.reason || '');
  } catch (err) { $('decision').textContent = err.status === 404 ? 'Ще не розподілено.' : err.message; }
  const CALLERS = ['operator', 'supervisor'];
  let current = null;

  async function loadCase() {
    try {
      const c = (await CC.call('TrackingService/GetCase', { appeal_id: id })).case || {};
      current = c;
      const h = (await CC.call('TrackingService/GetCaseHistory', { case_id: c.id })).entries || [];
      $('timeline').replaceChildren(...h.map((e) => CC.el('li', null,
        CC.date(e.at) + ' — ' + CC.label(CC.CASE_STATUS, e.to_status) + ' (' + e.actor + ')' + (e.note ? ': ' + e.note : ''))));
      showCallBack(c);
    } catch (err) {
      $('timeline').replaceChildren(CC.el('li', null, err.status === 404 ? 'Справу ще не відкрито.' : err.message));
    }
  }

  function showCallBack(c) {
    if (!CALLERS.includes(CC.session.role)) return;
    const answered = c.status === 'CASE_STATUS_ANSWERED', onCheck = c.status === 'CASE_STATUS_ON_CHECK';
    $('callback').classList.toggle('hidden', !(answered || onCheck || $('callback-done').textContent));
    $('case-state').textContent = 'Стан справи: ' + CC.label(CC.CASE_STATUS, c.status) + '. Контрольна дата: ' +
      CC.dateText(c.control_date) + (c.unreached_call_backs ? '. Невдалих спроб: ' + c.unreached_call_backs : '') + '.';
    $('answer-summary').textContent = c.answer && c.answer.text
      ? 'Відповідь виконавця (' + (c.answer.outgoing_number || '—') + ' від ' + CC.dateText(c.answer.answer_date) + '): ' + c.answer.text : '';
    $('plan-form').classList.toggle('hidden', !answered);
    $('result-form').classList.toggle('hidden', !onCheck);
    if (answered && !$('plan-date').value) $('plan-date').value = CC.kyivDay(1);
    if (onCheck) {
      if (!$('cb-rework').value) $('cb-rework').value = CC.kyivDay(7);
      if (!$('cb-next').value) $('cb-next').value = CC.kyivDay(1);
      outcomeChanged();
    }
  }

  function outcomeChanged() {
    const o = $('cb-outcome').value;
    $('cb-rework').disabled = o !== 'not-confirmed';
    $('cb-next').disabled = o !== 'not-reached';
    $('cb-grade').disabled = o === 'not-reached';
  }
  $('cb-outcome').addEventListener('change', outcomeChanged);

  async function act(form, method, body, text) {
    CC.clearErrors(form);
    try {
      await CC.call(method, body);
      $('callback-done').textContent = text;
      $('callback-done').classList.remove('hidden');
      await loadCase();
      $('callback-h').focus();
    } catch (err) { CC.showErrors(form, err); }
  }

  $('plan-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act($('plan-form'), 'TrackingService/PlanCallBack',
      { case_id: current.id, planned_date: CC.dateOf($('plan-date').value) },
      'Дзвінок заплановано на ' + CC.dateText(CC.dateOf($('plan-date').value)) + '.');
  });
  $('result-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const o = $('cb-outcome').value;
    const body = { case_id: current.id, comment: $('cb-comment').value };
    if (o === 'not-reached') {
      body.not_reached = true;
      body.next_try_date = CC.dateOf($('cb-next').value);
    } else {
      body.confirmed = o === 'confirmed';
      body.grade = Number($('cb-grade').value);
      if (o === 'not-confirmed') body.rework_until = CC.dateOf($('cb-rework').value);
    }
    act($('result-form'), 'TrackingService/RecordCallBack', body,
      o === 'confirmed' ? 'Справу закрито: заявник підтвердив відповідь.'
        : o === 'not-confirmed' ? 'Справу повернуто виконавцю на доопрацювання.' : 'Спробу записано; наступну заплановано.');
  });

  await loadCase();
})();
