// The supervisor's decisions (issue 10): intake's proposals not to consider
// an appeal, each with its reason and the article of the law it rests on,
// confirmed or overruled here; and returned appeals whose letter to the
// applicant is late (Art. 5).
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  await CC.requireSession();
  let reference = { topics: [], territories: [] };
  try { reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json(); } catch (e) { /* codes only */ }

  // Law 393/96-ВР «Про звернення громадян», quoted.
  const REASONS = {
    NOT_CONSIDERED_REASON_ANONYMOUS: {
      label: 'анонімне звернення',
      basis: 'ст. 8 ч. 1: «Письмове звернення без зазначення місця проживання, не підписане автором ' +
        '(авторами), а також таке, з якого неможливо встановити авторство, визнається анонімним і розгляду не підлягає.»',
    },
    NOT_CONSIDERED_REASON_REPEATED_RESOLVED: {
      label: 'повторне, питання вже вирішено по суті',
      basis: 'ст. 8 ч. 2: «Не розглядаються повторні звернення одним і тим же органом від одного і того ж ' +
        'громадянина з одного і того ж питання, якщо перше вирішено по суті…»',
    },
    NOT_CONSIDERED_REASON_LATE_COMPLAINT: {
      label: 'скаргу подано з пропуском строку',
      basis: 'ст. 17: скарга подається «протягом одного року з моменту його прийняття, але не пізніше одного ' +
        'місяця з часу ознайомлення громадянина з прийнятим рішенням»; ст. 8 ч. 2: такі звернення не розглядаються.',
    },
    NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE: {
      label: 'заявника визнано судом недієздатним',
      basis: 'ст. 8 ч. 2: не розглядаються «звернення осіб, визнаних судом недієздатними».',
    },
  };
  function reason(r) { return REASONS[r] || { label: r || '—', basis: '' }; }

  async function decide(p, decision, comment, form, status) {
    CC.clearErrors(form);
    try {
      await CC.call('IntakeService/DecideExclusion', {
        appeal_id: p.appeal.appeal_id, decision, comment: comment.value });
      $('proposals-status').textContent = 'Звернення ' + p.appeal.registration_number +
        (decision === 'EXCLUSION_DECISION_CONFIRMED' ? ': залишено без розгляду.' : ': зареєстровано для розгляду.');
      await loadProposals();
      $('proposals-h').focus();
    } catch (err) { CC.showErrors(form, err); }
  }

  function renderProposal(p, i) {
    const a = p.appeal || {};
    const pr = p.proposal || {};
    const r = reason(pr.reason);
    const comment = CC.el('textarea', { id: 'comment-' + i, rows: 2 });
    comment.setAttribute('data-field', 'comment');
    comment.setAttribute('aria-describedby', 'comment-' + i + '-error');
    const confirm = CC.el('button', { type: 'button' }, 'Не розглядати');
    const overrule = CC.el('button', { type: 'button', className: 'secondary' }, 'Розглянути');
    const form = CC.el('form', { className: 'proposal-form' },
      CC.el('div', { className: 'field' }, CC.el('label', { htmlFor: 'comment-' + i }, 'Обґрунтування рішення'), comment,
        CC.el('span', { id: 'comment-' + i + '-error', className: 'field-error' })),
      CC.el('div', { className: 'actions' }, confirm, overrule),
      CC.el('p', { className: 'form-error alert hidden', role: 'alert' }));
    form.addEventListener('submit', (e) => e.preventDefault());
    confirm.addEventListener('click', () => decide(p, 'EXCLUSION_DECISION_CONFIRMED', comment, form));
    overrule.addEventListener('click', () => decide(p, 'EXCLUSION_DECISION_OVERRULED', comment, form));
    const dl = CC.el('dl', { className: 'facts' },
      CC.el('dt', null, 'Підстава'), CC.el('dd', { className: 'reason' }, r.label),
      CC.el('dt', null, 'Норма закону'), CC.el('dd', { className: 'basis' }, r.basis),
      CC.el('dt', null, 'Надійшло'), CC.el('dd', null, CC.date(a.received_at)),
      CC.el('dt', null, 'Тема'), CC.el('dd', null, CC.nameOf(a.topic_code, reference.topics)),
      CC.el('dt', null, 'Територія'), CC.el('dd', null, CC.nameOf(a.territory_code, reference.territories)),
      CC.el('dt', null, 'Запропонував'), CC.el('dd', null, (pr.proposed_by || '—') + ', ' + CC.date(pr.proposed_at)));
    if (pr.earlier_executor_id) {
      dl.append(CC.el('dt', null, 'Раніше вирішив'), CC.el('dd', null, pr.earlier_executor_id));
    }
    if ((p.linked_appeal_ids || []).length) {
      dl.append(CC.el('dt', null, 'Попередні звернення'), CC.el('dd', null, ...p.linked_appeal_ids.map((id) =>
        CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(id) }, id))));
    }
    const h = CC.el('h3', { id: 'proposal-' + i },
      CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(a.appeal_id) }, a.registration_number));
    const article = CC.el('article', { className: 'proposal' }, h, dl, form);
    article.setAttribute('aria-labelledby', 'proposal-' + i);
    article.dataset.number = a.registration_number;
    return article;
  }

  async function loadProposals() {
    try {
      const list = (await CC.call('IntakeService/ListExclusionProposals', { page_size: 200 })).proposals || [];
      $('proposals').replaceChildren(...list.map(renderProposal));
      $('proposals-status').textContent += list.length ? ' Чекають рішення: ' + list.length + '.' : ' Пропозицій немає.';
    } catch (err) { $('proposals-status').textContent = err.message; }
  }

  async function recordLetter(r, date, number, form) {
    CC.clearErrors(form);
    try {
      await CC.call('IntakeService/RecordReturnLetter', {
        appeal_id: r.appeal.appeal_id, letter_date: CC.dateOf(date.value), letter_number: number.value.trim() });
      $('returns-status').textContent = 'Лист до звернення ' + r.appeal.registration_number + ' записано.';
      await loadReturns();
    } catch (err) { CC.showErrors(form, err); }
  }

  async function loadReturns() {
    try {
      const list = (await CC.call('IntakeService/ListOverdueReturns', { page_size: 200 })).returns || [];
      $('returns').replaceChildren(...list.map((r, i) => {
        const date = CC.el('input', { id: 'letter-date-' + i, type: 'date', value: CC.kyivDay(0) });
        date.setAttribute('data-field', 'letter_date');
        const number = CC.el('input', { id: 'letter-number-' + i, autocomplete: 'off' });
        number.setAttribute('data-field', 'letter_number');
        const form = CC.el('form', { className: 'actions' },
          CC.el('label', { htmlFor: 'letter-date-' + i }, 'Дата листа'), date,
          CC.el('span', { id: 'letter-date-' + i + '-error', className: 'field-error' }),
          CC.el('label', { htmlFor: 'letter-number-' + i }, 'Вихідний номер'), number,
          CC.el('span', { id: 'letter-number-' + i + '-error', className: 'field-error' }),
          CC.el('button', { type: 'submit' }, 'Записати лист'),
          CC.el('p', { className: 'form-error alert hidden', role: 'alert' }));
        form.addEventListener('submit', (e) => { e.preventDefault(); recordLetter(r, date, number, form); });
        return CC.el('div', { className: 'return' },
          CC.el('p', null, CC.el('a', { href: '/appeal.html?id=' + encodeURIComponent(r.appeal.appeal_id) },
            r.appeal.registration_number), ' — строк повернення минув ' + CC.dateText(r.return_due_date) + '.'),
          form);
      }));
      $('returns-status').textContent = list.length ? 'Прострочено: ' + list.length + '.' : 'Прострочених повернень немає.';
    } catch (err) { $('returns-status').textContent = err.message; }
  }

  $('proposals-h').tabIndex = -1;
  await Promise.all([loadProposals(), loadReturns()]);
})();
