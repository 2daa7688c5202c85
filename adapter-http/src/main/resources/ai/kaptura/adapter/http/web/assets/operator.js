'use strict';
/*
 * The operator's desk (R50): its own sign-in and session (a cookie apart from a person's), and the desk's API with the
 * operator session's CSRF token, which the sign-in answer and /api/operator/me give to this script only.
 */
document.addEventListener('DOMContentLoaded', () => {
  const $ = (id) => document.getElementById(id);
  const el = Kaptura.el;
  let csrf = null;

  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json, application/problem+json' };
    if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new Kaptura.ApiError(0, { detail: 'We could not reach Kaptura. Check the connection and try again.' });
    }
    if (response.status === 204) return null;
    return Kaptura.readResponse(response);
  }

  function done(text) {
    Kaptura.showError($('desk-error'), null);
    $('desk-result').textContent = text;
  }

  function failed(error) {
    $('desk-result').textContent = '';
    Kaptura.showError($('desk-error'), error);
  }

  /** Runs an action; on success shows what happened, clears the used fresh code, and reloads the lists. */
  async function act(method, path, body) {
    try {
      const answer = await call(method, path, body);
      done(answer && answer.detail ? answer.detail : 'Done.');
      $('fresh-code').value = '';
      await load();
    } catch (e) {
      failed(e);
    }
  }

  function withCode(body) {
    const code = $('fresh-code').value.trim();
    return code ? Object.assign(body, { code }) : body;
  }

  function table(headings, rows) {
    if (rows.length === 0) return el('p', { class: 'muted', text: 'Nothing here.' });
    return el('table', {},
      el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows));
  }

  function cell(content) { return el('td', {}, content === null || content === undefined ? '' : content); }

  async function load() {
    const [alarms, jobs, requests, minors, processors, holds] = await Promise.all([
      call('GET', '/api/operator/alarms'), call('GET', '/api/operator/jobs'), call('GET', '/api/operator/requests'),
      call('GET', '/api/operator/minors'), call('GET', '/api/operator/processors'), call('GET', '/api/operator/holds')]);
    $('holds').replaceChildren(table(['Account', 'Basis', 'Reference', 'Placed', 'Why', ''],
      holds.holds.map((h) => el('tr', { 'data-hold': h.account }, cell(h.account), cell(h.basis), cell(h.reference),
        cell(Kaptura.formatDate(h.placedAt)), cell(h.reason),
        cell(el('button', { type: 'button', class: 'danger', text: 'Lift (fresh code)',
          onclick: () => act('POST', '/api/operator/holds/' + h.account + '/lift',
            withCode({ reason: $('lift-reason').value })) }))))));
    $('alarms').replaceChildren(alarms.alarms.length === 0
      ? el('p', { class: 'muted', text: 'No promise is at risk.' })
      : el('ul', { class: 'alarms' }, ...alarms.alarms.map((a) => el('li', { class: 'card' },
        el('strong', { text: a.rule + ': ' + a.risk }), el('br'),
        a.subject + ' · since ' + Kaptura.formatDate(a.raisedAt) + (a.detail ? ' · ' + a.detail : ''), el('br'),
        el('span', { text: 'What to do: ' + a.whatToDo })))));
    $('jobs').replaceChildren(table(['Job', 'State', 'Attempts', 'Last error', 'Next try', ''],
      jobs.jobs.map((j) => el('tr', {}, cell(j.kind + ' ' + j.key), cell(j.state), cell(j.attempts),
        cell(j.lastError), cell(j.nextTry ? Kaptura.formatDate(j.nextTry) : 'never (dead)'),
        cell(el('button', { type: 'button', class: j.needsFreshCode ? 'danger' : null, 'data-job': j.key,
          text: j.needsFreshCode ? 'Retry (fresh code)' : 'Retry',
          onclick: () => act('POST', '/api/operator/jobs/retry',
            withCode({ kind: j.kind, key: j.key, reason: $('job-reason').value })) }))))));
    $('requests').replaceChildren(table(['Request', 'Kind', 'Status', 'Received', 'Due', ''],
      requests.requests.map((r) => el('tr', { 'data-request': r.id, class: r.overdue ? 'overdue' : null },
        cell(r.id.substring(0, 8)), cell(r.kind + ' (' + r.channel + ')'),
        cell(r.status + (r.overdue ? ' — OVERDUE' : r.dueSoon ? ' — due soon' : '')),
        cell(r.receivedAt.substring(0, 10)), cell(r.dueOn),
        cell(r.status !== 'received' ? evidenceButton(r) : el('span', {},
          el('button', { type: 'button', text: 'Extend', 'data-action': 'extend',
            onclick: () => act('POST', '/api/operator/requests/' + r.id + '/extend', { reason: $('request-reason').value }) }), ' ',
          el('button', { type: 'button', class: 'danger', text: 'Refuse', 'data-action': 'refuse',
            onclick: () => act('POST', '/api/operator/requests/' + r.id + '/refuse',
              withCode({ reason: $('request-reason').value })) }), ' ',
          r.kind === 'erasure' ? evidenceButton(r) : el('button', { type: 'button', text: 'Close as answered',
            'data-action': 'complete',
            onclick: () => act('POST', '/api/operator/requests/' + r.id + '/complete', { reason: $('request-reason').value }) })))))));
    $('minors').replaceChildren(table(['Account', 'Flagged', 'Erased by', 'State'],
      minors.minors.map((m) => el('tr', {}, cell(m.account), cell(Kaptura.formatDate(m.flaggedAt)),
        cell(Kaptura.formatDate(m.erasureDeadline)), cell(m.erased ? 'erased' : m.late ? 'LATE' : 'erasing')))));
    $('processors').replaceChildren(el('p', { text: 'Controller: ' + processors.controller.name + ' (' + processors.controller.contact + ')' }),
      table(['Activity', 'Purpose', 'Lawful basis', 'Recipients (country, transfer basis)', 'Kept'],
        processors.entries.map((e) => el('tr', {}, cell(e.activity), cell(e.purpose), cell(e.lawfulBasis),
          cell(e.recipients.map((r) => r.name + ' (' + r.country + ', ' + r.transferBasis + ')').join('; ')),
          cell(e.retention)))));
  }

  function evidenceButton(r) {
    return el('button', { type: 'button', text: 'Evidence', 'data-action': 'evidence', onclick: async () => {
      try {
        const full = await call('GET', '/api/operator/requests/' + r.id);
        const box = $('request-evidence');
        box.replaceChildren(el('h3', { text: 'Request ' + full.id }),
          el('p', { text: full.kind + ', ' + full.status + ', due ' + full.dueOn }),
          full.refusal ? el('p', { text: 'Refused: ' + full.refusal.reasons + ' ' + full.refusal.complaint }) : '',
          full.extension ? el('p', { text: 'Extended: ' + full.extension.reason }) : '',
          full.erasure ? table(['Location', 'Outcome'], full.erasure.map((e) =>
            el('tr', {}, cell(e.location), cell(e.outcome || 'waiting')))) : '');
        box.hidden = false;
        box.focus();
      } catch (e) {
        failed(e);
      }
    } });
  }

  async function open(answer) {
    csrf = answer.csrfToken;
    $('operator-id').textContent = 'Operator ' + answer.operator;
    $('operator-sign-in').hidden = true;
    $('desk').hidden = false;
    $('record-received').value = new Date().toISOString().substring(0, 10);
    await load();
  }

  $('operator-email-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await call('POST', '/api/operator/auth/start', { email: $('operator-email').value });
      $('operator-code-sent').textContent = answer.detail;
      $('operator-email-form').hidden = true;
      $('operator-code-form').hidden = false;
      $('operator-code').focus();
    } catch (e) {
      failed(e);
    }
  });

  $('operator-code-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await open(await call('POST', '/api/operator/auth/verify',
        { email: $('operator-email').value, code: $('operator-code').value }));
    } catch (e) {
      failed(e);
    }
  });

  $('send-fresh-code').addEventListener('click', async () => {
    try {
      done((await call('POST', '/api/operator/code')).detail);
      $('fresh-code').focus();
    } catch (e) {
      failed(e);
    }
  });

  $('operator-logout').addEventListener('click', async () => {
    try {
      await call('POST', '/api/operator/auth/logout');
    } finally {
      location.reload();
    }
  });

  $('record-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('POST', '/api/operator/requests', { email: $('record-email').value, kind: $('record-kind').value,
      channel: $('record-channel').value, receivedOn: $('record-received').value, reason: $('record-reason').value });
  });

  $('hold-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('POST', '/api/operator/holds', { email: $('hold-email').value, basis: $('hold-basis').value,
      reference: $('hold-reference').value, reason: $('hold-reason').value });
  });

  $('minor-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('POST', '/api/operator/minors', withCode({ email: $('minor-email').value, source: $('minor-source').value,
      reason: $('minor-reason').value }));
  });

  call('GET', '/api/operator/me').then(open).catch(() => { /* not signed in as an operator: the sign-in shows */ });
});
