// The directory of executive bodies and competence rules: the version in
// force with its CSV files to download (routing's ExportDirectory), and an
// import checked first as a dry run that lists what would change; only the
// files checked can then be applied (ImportDirectory).
'use strict';

(async () => {
  const $ = (id) => document.getElementById(id);
  const form = $('import-form');
  await CC.requireSession();
  const FILES = [['executors-file', 'executors_csv'], ['rules-file', 'rules_csv'],
    ['topics-file', 'topics_csv'], ['territories-file', 'territories_csv']];
  let checked = null;  // the request of the last dry run, JSON

  async function loadCurrent() {
    try {
      const d = await CC.call('RoutingService/ExportDirectory', {});
      $('current').textContent = 'Версія ' + (d.version || '0') + ': виконавців ' + (d.executors || []).length +
        ', правил ' + (d.rules || []).length + ', тем ' + (d.topics || []).length +
        ', територій ' + (d.territories || []).length + '.';
      $('exports').replaceChildren(...[['executors_csv', 'executors.csv'], ['rules_csv', 'competence-rules.csv'],
        ['topics_csv', 'classifier-topics.csv'], ['territories_csv', 'territories.csv']].map(([key, name]) => {
        const b = CC.el('button', { type: 'button', className: 'secondary' }, 'Завантажити ' + name);
        b.addEventListener('click', () => CC.download(name, d[key] || '', 'text/csv;charset=utf-8'));
        return b;
      }));
    } catch (err) { $('current').textContent = err.message; }
  }

  async function request() {
    const body = {};
    for (const [input, key] of FILES) {
      const f = $(input).files[0];
      if (f) body[key] = await f.text();
    }
    return body;
  }

  function showChanges(r, applied) {
    const changes = r.changes || [];
    $('changes').replaceChildren(...changes.map((c) => CC.el('li', null, c)));
    $('changes-status').textContent = applied
      ? 'Застосовано: чинна версія ' + r.version + '.'
      : changes.length ? 'Перевірено проти версії ' + r.version + ': змін ' + changes.length + '. Нічого ще не записано.'
        : 'Перевірено: файли такі самі, як чинна версія ' + r.version + '.';
    $('changes-section').classList.remove('hidden');
    $('changes-section').focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    CC.clearErrors(form);
    $('apply').disabled = true;
    checked = null;
    const body = await request();
    try {
      const r = await CC.call('RoutingService/ImportDirectory', { ...body, dry_run: true });
      showChanges(r, false);
      if ((r.changes || []).length) {
        checked = JSON.stringify(body);
        $('apply').disabled = false;
      }
    } catch (err) {
      $('changes-section').classList.add('hidden');
      CC.showErrors(form, err);
    }
  });
  // Files changed after the check must be checked again.
  for (const [input] of FILES) {
    $(input).addEventListener('change', () => { checked = null; $('apply').disabled = true; });
  }
  $('apply').addEventListener('click', async () => {
    CC.clearErrors(form);
    const body = await request();
    if (checked === null || JSON.stringify(body) !== checked) {
      $('apply').disabled = true;
      return;
    }
    try {
      const r = await CC.call('RoutingService/ImportDirectory', { ...body, dry_run: false });
      showChanges(r, true);
      $('apply').disabled = true;
      checked = null;
      await loadCurrent();
    } catch (err) { CC.showErrors(form, err); }
  });

  await loadCurrent();
})();
