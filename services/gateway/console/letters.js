// The day's letters for the mail room (issue 17; IntakeService
// ListLetterBatch): a register of outgoing numbers, then each letter on its
// own printed page (print CSS), addressed to the applicant only (Art. 10).
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const form = $('day-form');
  await CC.requireSession();
  $('day').value = new URLSearchParams(location.search).get('day') || CC.kyivDay(0);

  async function load() {
    CC.clearErrors(form);
    try {
      const r = await CC.call('IntakeService/ListLetterBatch', { day: CC.dateOf($('day').value) });
      const letters = r.letters || [];
      $('letters-table').querySelector('tbody').replaceChildren(...letters.map((l) => CC.el('tr', null,
        CC.el('td', null, l.outgoing_number), CC.el('td', null, l.registration_number),
        CC.el('td', null, l.addressee), CC.el('td', null, l.address), CC.el('td', null, l.subject))));
      $('letters').replaceChildren(...letters.map((l) => CC.el('article', { className: 'letter' },
        CC.el('p', { className: 'letter-number' }, 'Вих. № ' + l.outgoing_number + ' від ' + CC.dateText(CC.dateOf($('day').value))),
        CC.el('address', null, CC.el('strong', null, l.addressee), CC.el('br'), l.address),
        CC.el('h3', null, l.subject),
        CC.el('div', { className: 'letter-text' }, l.text))));
      $('letters-status').textContent = letters.length
        ? 'Листів: ' + letters.length + ' (№ ' + letters[0].outgoing_number + ' – ' + letters[letters.length - 1].outgoing_number + ').'
        : 'Листів за цей день немає.';
    } catch (err) { CC.showErrors(form, err); $('letters-status').textContent = ''; }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  $('print').addEventListener('click', () => window.print());
  await load();
})();
