'use strict';
/*
 * The self-service privacy page: the policy and the retention schedule (R12), and the rights — export
 * (R25, R29), rectification (R26), withdrawal (R7), erasure (R27) — plus the analytics choice (R40, R41).
 */
(() => {
  const { api, el, showError, formatDate } = Kaptura;

  function renderAnalytics(state) {
    const text = document.getElementById('analytics-state');
    const withdraw = document.getElementById('analytics-withdraw');
    const allow = document.getElementById('analytics-allow');
    if (!state || !state.analyticsConfigured) {
      text.textContent = 'This site uses no analytics.';
      withdraw.hidden = true;
      allow.hidden = true;
      return;
    }
    text.textContent = state.analyticsAllowed
      ? 'You allowed Google Analytics. You can withdraw that at any time; its cookies are then deleted.'
      : 'Google Analytics is off.';
    withdraw.hidden = !state.analyticsAllowed;
    allow.hidden = state.analyticsAllowed;
  }

  document.addEventListener('kaptura:cookies', (event) => renderAnalytics(event.detail));

  document.addEventListener('DOMContentLoaded', async () => {
    document.getElementById('analytics-withdraw').addEventListener('click', async () => {
      await Kaptura.chooseAnalytics(false);
      // A fresh page load guarantees the analytics script is gone from memory too.
      location.reload();
    });
    document.getElementById('analytics-allow').addEventListener('click', async () => {
      renderAnalytics(await Kaptura.chooseAnalytics(true));
    });

    try {
      const policy = await api('GET', '/api/privacy/policy');
      const meta = document.getElementById('policy-meta');
      const text = document.getElementById('policy-text');
      if (policy.version) {
        meta.textContent = 'Version ' + policy.version + ', in force since ' + formatDate(policy.effectiveAt) + '.';
        const notice = policy.notices.find((n) => n.kind === 'privacy_policy' && n.language === 'en')
          || policy.notices.find((n) => n.kind === 'privacy_policy');
        text.textContent = notice ? notice.text : '';
      } else {
        meta.textContent = 'No policy version has been published yet.';
        text.hidden = true;
      }
      const retention = document.getElementById('retention');
      retention.replaceChildren();
      for (const entry of policy.retention.entries) {
        retention.append(el('h3', {}, entry.label + (entry.biometric ? ' (biometric)' : '')),
          el('ul', {}, ...entry.lines.map((line) => el('li', {}, line))));
      }
    } catch (e) {
      showError(document.getElementById('privacy-error'), e);
    }

    const who = await Kaptura.me().catch(() => null);
    if (!who) {
      document.getElementById('rights-signed-out').hidden = false;
      return;
    }
    document.getElementById('rights').hidden = false;
    // The export is a form POST carrying this session's CSRF token: a link from another site cannot start one.
    document.getElementById('export-csrf').value = Kaptura.csrfToken() || '';
    loadRequests();

    document.getElementById('logout-everywhere').addEventListener('click', async () => {
      const error = document.getElementById('logout-everywhere-error');
      showError(error, null);
      try {
        await api('POST', '/api/auth/logout-everywhere');
        location.assign('/sign-in');
      } catch (e) {
        showError(error, e);
      }
    });

    let codeSent = false;
    document.getElementById('rectify-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = document.getElementById('rectify-error');
      const result = document.getElementById('rectify-result');
      showError(error, null);
      result.textContent = '';
      const email = document.getElementById('new-email').value;
      try {
        if (!codeSent) {
          const answer = await api('PATCH', '/api/me', { email });
          result.textContent = answer.detail;
          codeSent = true;
          document.getElementById('rectify-code-row').hidden = false;
          document.getElementById('rectify-submit').textContent = 'Confirm the new address';
          document.getElementById('rectify-code').focus();
        } else {
          const answer = await api('PATCH', '/api/me', { email, code: document.getElementById('rectify-code').value });
          result.textContent = 'Your email address is now ' + answer.email + '.';
        }
      } catch (e) {
        showError(error, e);
      }
    });

    document.getElementById('withdraw-consent').addEventListener('click', async () => {
      const error = document.getElementById('withdraw-error');
      showError(error, null);
      try {
        const answer = await api('POST', '/api/me/consents/withdraw', { language: 'en' });
        document.getElementById('withdraw-result').textContent = 'Your consent is withdrawn. Orders stopped: '
          + answer.ordersStopped.length + '; selfies being deleted: ' + answer.selfiesDueForDeletion
          + '; model deletions requested: ' + answer.modelDeletionsRequested + '.';
      } catch (e) {
        showError(error, e);
      }
    });

    document.getElementById('erase').addEventListener('click', async () => {
      const confirm = document.getElementById('erase-confirm');
      const sure = document.getElementById('erase-sure');
      if (confirm.hidden) {
        confirm.hidden = false;
        sure.focus();
        return;
      }
      if (!sure.checked) {
        sure.focus();
        return;
      }
      const error = document.getElementById('erase-error');
      showError(error, null);
      try {
        const answer = await api('DELETE', '/api/me');
        document.getElementById('erase-result').textContent = 'Erasure requested (reference ' + answer.request
          + '). It will be complete by ' + (answer.dueOn || 'the legal deadline') + '; we email you when it is done. You are now signed out.';
        document.getElementById('erase').disabled = true;
      } catch (e) {
        showError(error, e);
      }
    });
  });

  async function loadRequests() {
    const box = document.getElementById('requests');
    try {
      const answer = await api('GET', '/api/me/requests');
      if (answer.requests.length === 0) return;
      const body = el('tbody');
      for (const r of answer.requests) {
        body.append(el('tr', {}, el('td', {}, r.kind), el('td', {}, r.status), el('td', {}, formatDate(r.receivedAt)),
          el('td', {}, r.extension ? r.extension.newDueOn : r.dueOn)));
      }
      box.replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Request'),
        el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Received'), el('th', { scope: 'col' }, 'Due by'))), body));
    } catch (e) {
      showError(document.getElementById('privacy-error'), e);
    }
  }
})();
