// Analytics' reports for analysts and supervisors: the classifier report
// (CMU resolution 858) and timeliness by executive body, for a period and
// territory, with their CSV files (streamed by analytics, assembled by the
// gateway) to download.
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const form = $('period-form');
  await CC.requireSession();
  let reference = { topics: [], territories: [] };
  try { reference = await (await fetch('/api/reference', { credentials: 'same-origin' })).json(); } catch (e) { /* codes only */ }
  CC.fillDatalist($('territories'), reference.territories);

  // The quarter so far: from its first day to tomorrow (exclusive).
  const today = CC.kyivDay(0);
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
  $('from').value = today.slice(0, 4) + '-' + String(q).padStart(2, '0') + '-01';
  $('to').value = CC.kyivDay(1);

  function request() {
    return { period: { from: CC.dateOf($('from').value), to: CC.dateOf($('to').value) },
      territory_code: CC.codeOf($('territory').value, reference.territories) };
  }

  function cells(...values) { return values.map((v) => CC.el('td', null, v)); }
  function days(x) { return x ? Number(x).toFixed(1) : '—'; }

  // A bar chart of one section of the classifier report: each item's count
  // as a bar (the count is written beside it, so the chart reads without
  // colour or sight), the largest first. Widths are set through the CSSOM,
  // which the Content-Security-Policy allows (no inline style attributes).
  let classifierRows = [];
  function sectionTitle(r) { return r.section + (r.section_name ? ' — ' + r.section_name : ''); }
  function fillSections() {
    const select = $('chart-section');
    const chosen = select.value;
    const sections = [...new Map(classifierRows.filter((r) => r.section)
      .map((r) => [r.section, sectionTitle(r)])).entries()];
    select.replaceChildren(...sections.map(([code, title]) => CC.el('option', { value: code }, title)));
    if (sections.some(([code]) => code === chosen)) select.value = chosen;
    else if (sections.some(([code]) => code === 'II')) select.value = 'II';  // topics
  }
  function drawChart() {
    const section = $('chart-section').value;
    const rows = classifierRows.filter((r) => r.section === section)
      .map((r) => ({ name: (r.code ? r.code + ' ' : '') + r.name, count: Number(r.count || 0) }))
      .sort((a, b) => b.count - a.count);
    const max = Math.max(1, ...rows.map((r) => r.count));
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    $('chart-caption').textContent = rows.length
      ? 'Звернень у розділі: ' + total + '; пунктів: ' + rows.length + '.' : 'У цьому розділі немає пунктів.';
    $('chart-bars').replaceChildren(...rows.map((r) => {
      const bar = CC.el('span', { className: 'bar' });
      bar.style.width = (100 * r.count / max).toFixed(1) + '%';
      return CC.el('li', null, CC.el('span', { className: 'bar-label' }, r.name),
        CC.el('span', { className: 'bar-track' }, bar), CC.el('span', { className: 'bar-count' }, String(r.count)));
    }));
  }
  $('chart-section').addEventListener('change', drawChart);

  async function show() {
    CC.clearErrors(form);
    const body = request();
    try {
      const [c, t] = await Promise.all([CC.call('AnalyticsService/GetClassifierReport', body),
        CC.call('AnalyticsService/GetTimelinessReport', body)]);
      const rows = c.rows || [];
      $('classifier-table').querySelector('tbody').replaceChildren(...rows.map((r) => CC.el('tr', null,
        ...cells(r.section ? r.section + (r.section_name ? ' — ' + r.section_name : '') : 'Усього',
          r.code, r.name, String(r.count || 0)))));
      $('classifier-status').textContent = 'Рядків: ' + rows.length + '.';
      classifierRows = rows;
      fillSections();
      drawChart();
      const trs = t.rows || [];
      $('timeliness-table').querySelector('tbody').replaceChildren(...trs.map((r) => {
        const answered = Number(r.answered_on_time || 0) + Number(r.answered_late || 0);
        const share = answered ? Number(r.answered_on_time || 0) / answered : 0;
        const meter = CC.el('meter', { min: 0, max: 1, value: share, low: 0.8, high: 0.95, optimum: 1 });
        meter.setAttribute('aria-label', 'Частка вчасних: ' + Math.round(share * 100) + '%');
        return CC.el('tr', { className: 'level-' + r.level }, ...cells(
          (r.executor_name || r.executor_id) + (r.executor_name ? ' (' + r.executor_id + ')' : ''),
          r.level === 'parent' ? 'з підлеглими' : 'орган', String(r.received || 0),
          String(r.answered_on_time || 0), String(r.answered_late || 0)),
        CC.el('td', null, meter, ' ' + (answered ? Math.round(share * 100) + '%' : '—')),
        ...cells(String(r.open || 0), String(r.overdue_now || 0),
          days(r.mean_days_to_answer) + ' / ' + days(r.p90_days_to_answer), String(r.extended || 0),
          String(r.reworks || 0), String(r.declined_not_competent || 0)));
      }));
      $('timeliness-status').textContent = trs.length ? 'Органів: ' + trs.filter((r) => r.level !== 'parent').length + '.'
        : 'За період звернень немає.';
    } catch (err) { CC.showErrors(form, err); }
  }

  async function csv(method, name) {
    CC.clearErrors(form);
    const body = request();
    try {
      const file = await CC.fetchFile(method, body);
      CC.download(name + '_' + $('from').value + '_' + $('to').value + '.csv', file);
    } catch (err) { CC.showErrors(form, err); }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  $('csv-classifier').addEventListener('click', () => csv('AnalyticsService/ExportClassifierReport', 'klasyfikator'));
  $('csv-timeliness').addEventListener('click', () => csv('AnalyticsService/ExportTimelinessReport', 'svoiechasnist'));
  await show();
})();
