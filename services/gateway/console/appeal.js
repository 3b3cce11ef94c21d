// An appeal's page: the card (as the service shows it to this person, with
// Art. 10 honoured by the service), the routing decision, the case history.
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
  try {
    const c = (await CC.call('TrackingService/GetCase', { appeal_id: id })).case || {};
    const h = (await CC.call('TrackingService/GetCaseHistory', { case_id: c.id })).entries || [];
    $('timeline').replaceChildren(...h.map((e) => CC.el('li', null,
      CC.date(e.at) + ' — ' + CC.label(CC.CASE_STATUS, e.to_status) + ' (' + e.actor + ')' + (e.note ? ': ' + e.note : ''))));
  } catch (err) {
    $('timeline').replaceChildren(CC.el('li', null, err.status === 404 ? 'Справу ще не відкрито.' : err.message));
  }
})();
