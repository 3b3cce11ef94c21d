// Notices to applicants that failed after the retry budget (issue 17;
// IntakeService ListFailedNotices), each resent with one key
// (ResendNotice). Supervisors (and systems) only, as intake allows.
'use strict';

const NOTICE_KIND = {
  NOTICE_KIND_ACKNOWLEDGED: 'підтвердження реєстрації',
  NOTICE_KIND_FORWARDED: 'надіслано за належністю (ст. 7)',
  NOTICE_KIND_RETURNED: 'повернення заявникові (ст. 5, 7)',
  NOTICE_KIND_NOT_CONSIDERED: 'залишено без розгляду (ст. 8)',
  NOTICE_KIND_EXTENDED: 'продовжено строк (ст. 20)',
};
const NOTICE_CHANNEL = {
  NOTICE_CHANNEL_EMAIL: 'електронна пошта', NOTICE_CHANNEL_SMS: 'SMS', NOTICE_CHANNEL_POST: 'лист поштою',
};

(async () => {
  const $ = (id) => document.getElementById(id);
  await CC.requireSession();
  const box = $('failed-h').parentElement;

  async function resend(n) {
    CC.clearErrors(box);
    $('failed-error').classList.add('hidden');
    try {
      await CC.call('IntakeService/ResendNotice', { notice_id: n.id });
      await load();
      $('failed-status').textContent = 'Повідомлення до звернення ' + n.registration_number +
        ' знову в черзі на надсилання. ' + $('failed-status').textContent;
      $('failed-h').focus();
    } catch (err) {
      $('failed-error').textContent = err.message;
      $('failed-error').classList.remove('hidden');
    }
  }

  async function load() {
    try {
      const list = (await CC.call('IntakeService/ListFailedNotices', { page_size: 200 })).notices || [];
      $('failed-table').querySelector('tbody').replaceChildren(...list.map((n) => {
        const b = CC.el('button', { type: 'button' }, 'Надіслати ще раз');
        b.setAttribute('aria-label', 'Надіслати ще раз: ' + n.registration_number);
        b.addEventListener('click', () => resend(n));
        return CC.el('tr', null,
          CC.el('td', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(n.appeal_id) }, n.registration_number)),
          CC.el('td', null, CC.label(NOTICE_KIND, n.kind)),
          CC.el('td', null, CC.label(NOTICE_CHANNEL, n.channel)),
          CC.el('td', null, CC.date(n.created_at)),
          CC.el('td', { className: n.due_date ? 'overdue' : '' }, CC.dateText(n.due_date)),
          CC.el('td', null, String(n.attempts || 0)),
          CC.el('td', null, n.last_error || '—'),
          CC.el('td', null, b));
      }));
      $('failed-status').textContent = list.length ? 'Не надіслано: ' + list.length + '.' : 'Усі повідомлення надіслано або надсилаються.';
    } catch (err) { $('failed-status').textContent = err.message; }
  }

  await load();
})();
