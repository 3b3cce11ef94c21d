// What appeals are about (issue 15; AnalyticsService AnalyseContent and its
// CSV, ExportContentAnalysis): for a period, topic and territory, the most
// frequent terms and phrases of the essences and the emerging terms.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const form = $('content-form');
  await CC.requireSession();
  let reference = { topics: [], territories: [] };
  try { reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json(); } catch (e) { /* codes only */ }
  CC.fillDatalist($('topics'), reference.topics);
  CC.fillDatalist($('territories'), reference.territories);

  // The last 30 days, today included.
  $('from').value = CC.kyivDay(-29);
  $('to').value = CC.kyivDay(1);

  function request() {
    return { period: { from: CC.dateOf($('from').value), to: CC.dateOf($('to').value) },
      topic_code: CC.codeOf($('topic').value, reference.topics),
      territory_code: CC.codeOf($('territory').value, reference.territories) };
  }
  function share(x) { return (Number(x || 0) * 100).toFixed(1) + '%'; }
  function rows(id, list, ...columns) {
    const body = $(id).querySelector('tbody');
    body.replaceChildren(...list.map((t) => CC.el('tr', null, ...columns.map((c) => CC.el('td', null, c(t))))));
    if (!list.length) body.replaceChildren(CC.el('tr', null, CC.el('td', { colSpan: columns.length }, 'немає')));
  }

  async function show() {
    CC.clearErrors(form);
    try {
      const r = await CC.call('AnalyticsService/AnalyseContent', request());
      rows('terms-table', r.terms || [], (t) => t.term, (t) => String(t.appeals || 0), (t) => share(t.share));
      rows('phrases-table', r.phrases || [], (t) => t.term, (t) => String(t.appeals || 0), (t) => share(t.share));
      rows('emerging-table', r.emerging || [], (t) => t.term, (t) => String(t.appeals || 0), (t) => share(t.share),
        (t) => String(t.baseline_appeals || 0), (t) => share(t.baseline_share), (t) => Number(t.rise || 0).toFixed(1));
      const b = r.baseline || {};
      $('baseline').textContent = b.from ? 'Порівняно з ' + CC.dateText(b.from) + ' – ' + CC.dateText(b.to) +
        ' (не включно): проаналізованих звернень ' + (r.baseline_appeals || 0) + '.' : '';
      $('content-status').textContent = 'Проаналізованих звернень за період: ' + (r.appeals || 0) + '.';
    } catch (err) { CC.showErrors(form, err); $('content-status').textContent = ''; }
  }

  async function csv() {
    CC.clearErrors(form);
    try {
      const file = await CC.fetchFile('AnalyticsService/ExportContentAnalysis', request());
      CC.download('zmist_' + $('from').value + '_' + $('to').value + '.csv', file);
    } catch (err) { CC.showErrors(form, err); }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  $('csv-content').addEventListener('click', csv);
  await show();
})();
