'use strict';
/*
 * One order: its progress (polled while it is being made: paid → training → generating → delivered),
 * and, while it is a draft, the selfie uploads, one request per photo with its own progress bar.
 */
document.addEventListener('DOMContentLoaded', async () => {
  const { api, el, showError, statusWords, message } = Kaptura;
  const who = await Kaptura.requireSignIn();
  let adultStated = who.adultStated !== false;
  const id = Kaptura.orderId();
  const errorBox = document.getElementById('order-error');
  const STEPS = [['draft', 'Selfies'], ['awaiting_payment', 'Payment'], ['paid', 'Paid'], ['training', 'Training'],
    ['generating', 'Generating'], ['delivered', 'Delivered']];
  const IN_PROGRESS = ['awaiting_payment', 'paid', 'training', 'generating'];
  let maxBytes = 15 * 1024 * 1024;
  let pollTimer = null;
  let current = null;
  // R51: advice is computed just after each upload; while a photo is being checked the list is asked again every
  // 1.5 s, for at most two minutes after the last upload or page load, so the advice appears without a reload.
  const ADVICE_POLL_MS = 1500;
  const ADVICE_POLL_FOR_MS = 120000;
  let adviceDeadline = Date.now() + ADVICE_POLL_FOR_MS;
  // Each selfie's row, kept across renders and updated in place: a refresh neither fetches the thumbnail again nor
  // replaces the Remove button a person is pressing or has focused while the advice is polled.
  const rows = new Map();

  const params = new URLSearchParams(location.search);
  const banner = document.getElementById('order-banner');
  if (params.has('paid')) {
    banner.textContent = 'Thank you. We are waiting for the payment confirmation; this page updates by itself.';
    banner.hidden = false;
  } else if (params.has('cancelled')) {
    banner.textContent = 'Payment was cancelled. Your order is still here; you can check out again when you are ready.';
    banner.hidden = false;
  }

  try {
    const config = await api('GET', '/api/config');
    maxBytes = config.maxUploadBytes;
    document.getElementById('max-size').textContent = Math.round(maxBytes / (1024 * 1024)) + ' MB';
  } catch (e) { /* defaults stand */ }

  function renderSteps(order) {
    const list = document.getElementById('steps');
    list.replaceChildren();
    const reached = new Set(order.history.map((h) => h.status));
    const index = STEPS.findIndex(([s]) => s === order.status);
    STEPS.forEach(([status, label], i) => {
      const state = status === order.status ? 'current' : (index > i || reached.has(status) && index === -1) ? 'done' : '';
      list.append(el('li', { class: state, 'aria-current': state === 'current' ? 'step' : null }, label));
    });
    document.getElementById('status-text').textContent = statusWords(order.status)
      + (order.status === 'generating' ? ' (' + order.headshotsReady + ' of ' + order.headshotsOrdered + ' ready)' : '');
    // The next step is rebuilt only when what it says changes: a poll must not replace a link being clicked, nor
    // undo the first press of "Delete this order".
    const next = document.getElementById('next-step');
    const said = JSON.stringify([order.status, order.checkoutBlocker || null, order.processingBlocker || null,
      order.history.length]);
    if (next.dataset.said === said) return;
    next.dataset.said = said;
    next.replaceChildren();
    if (order.status === 'draft') {
      if (order.checkoutBlocker) next.append(el('p', { class: 'muted' }, order.checkoutBlocker));
      else next.append(el('a', { class: 'button primary', href: '/orders/' + order.id + '/checkout' }, 'Continue to consent and checkout'));
    } else if (order.processingBlocker) {
      next.append(el('p', { class: 'notice', role: 'status' }, 'Your order is waiting: ' + order.processingBlocker.detail + '.'));
      if (order.processingBlocker.reason === 'consent-stale') {
        next.append(el('a', { class: 'button primary', href: '/orders/' + order.id + '/checkout' }, 'Read the new notice and renew your consent'));
      }
    } else if (order.status === 'awaiting_payment') {
      next.append(el('a', { class: 'button', href: '/orders/' + order.id + '/checkout' }, 'Back to checkout'));
    } else if (order.status === 'delivered') {
      next.append(el('a', { class: 'button primary', href: '/orders/' + order.id + '/gallery' }, 'See your headshots'));
    } else if (['failed', 'cancelled', 'refunded'].includes(order.status)) {
      const why = order.history[order.history.length - 1].why;
      next.append(el('p', {}, 'This order ended: ' + why + '.'));
    }
    renderDiscard(order);
  }

  function renderSelfies(order) {
    const section = document.getElementById('upload-section');
    section.hidden = order.status !== 'draft';
    document.getElementById('selfie-count').textContent = String(order.selfies.length);
    document.getElementById('selfie-range').textContent = 'between ' + order.minSelfies + ' and ' + order.maxSelfies;
    document.getElementById('files').disabled = !order.canUpload || !adultStated;
    document.getElementById('age-section').hidden = adultStated || order.status !== 'draft';
    const list = document.getElementById('selfies');
    const shown = new Set(order.selfies.map((selfie) => selfie.id));
    for (const [selfieId, row] of [...rows]) {
      if (!shown.has(selfieId)) {
        row.item.remove();
        rows.delete(selfieId);
      }
    }
    order.selfies.forEach((selfie, i) => {
      let row = rows.get(selfie.id);
      if (!row) {
        const thumbnail = el('img', { class: 'thumb', width: '64', height: '64', loading: 'lazy',
          src: '/api/orders/' + id + '/selfies/' + selfie.id + '/thumbnail' });
        const text = el('span', { class: 'grow' });
        const remove = el('button', { type: 'button', class: 'danger', onclick: () => removeSelfie(selfie.id) }, 'Remove');
        row = { item: el('li', {}, thumbnail, text, remove), thumbnail, text, remove };
        rows.set(selfie.id, row);
      }
      row.thumbnail.alt = 'Selfie ' + (i + 1);
      row.remove.setAttribute('aria-label', 'Remove selfie ' + (i + 1));
      const words = [document.createTextNode('Selfie ' + (i + 1) + ' · uploaded ' + Kaptura.formatDate(selfie.uploadedAt))];
      // R51: advice computed on our server; it never stops the order, the person decides.
      if (selfie.advice && selfie.advice.length > 0) {
        words.push(el('span', { class: 'advice' }, 'Advice: ' + selfie.advice.join('; ') + '.'));
      } else if (selfie.checking && Date.now() < adviceDeadline) {
        words.push(el('span', { class: 'advice checking' }, 'Checking quality…'));
      } else if (selfie.checking) {
        // The page stopped asking (two minutes): say so rather than promise a result that will not appear by itself.
        words.push(el('span', { class: 'advice checking' }, 'Quality check not finished; reload the page later to see it.'));
      }
      row.text.replaceChildren(...words);
      // Moved only when out of place: moving a node would take the focus off its button.
      if (list.children[i] !== row.item) list.insertBefore(row.item, list.children[i] || null);
    });
    const summary = document.getElementById('advice-summary');
    const words = order.adviceSummary ? order.adviceSummary.text : '';
    summary.textContent = words ? words + ' You can replace them or go ahead as you like.' : '';
    summary.hidden = !words;
    const checking = document.getElementById('advice-checking');
    const checkingWords = order.adviceSummary ? order.adviceSummary.checkingText : '';
    checking.textContent = checkingWords || '';
    checking.hidden = !checkingWords;
  }

  /** Whether to ask again soon for advice still being computed (R51), within the bounded time. */
  function awaitingAdvice(order) {
    return ['draft', 'awaiting_payment'].includes(order.status)
      && order.selfies.some((selfie) => selfie.checking) && Date.now() < adviceDeadline;
  }

  async function refresh() {
    try {
      current = await api('GET', '/api/orders/' + id);
      showError(errorBox, null);
      renderSteps(current);
      renderSelfies(current);
      clearTimeout(pollTimer);
      if (awaitingAdvice(current)) pollTimer = setTimeout(refresh, ADVICE_POLL_MS);
      else if (IN_PROGRESS.includes(current.status)) pollTimer = setTimeout(refresh, 3000);
    } catch (e) {
      showError(errorBox, e);
      if (e.status === 0 || e.status >= 500) pollTimer = setTimeout(refresh, 5000);
    }
  }

  /** An unpaid order can be dropped: its selfies are deleted at once and it stops counting against the limits. */
  function renderDiscard(order) {
    const next = document.getElementById('next-step');
    if (order.status !== 'draft' && order.status !== 'awaiting_payment') return;
    next.append(el('button', { type: 'button', class: 'danger', id: 'discard-order', onclick: discardOrder }, 'Delete this order'));
  }

  async function discardOrder() {
    const button = document.getElementById('discard-order');
    if (button.dataset.confirm !== 'yes') {
      button.dataset.confirm = 'yes';
      button.textContent = 'Yes, delete this order and its selfies';
      return;
    }
    try {
      await api('DELETE', '/api/orders/' + id);
      location.assign('/orders');
    } catch (e) {
      showError(errorBox, e);
    }
  }

  async function removeSelfie(selfieId) {
    try {
      await api('DELETE', '/api/orders/' + id + '/selfies/' + selfieId);
      await refresh();
    } catch (e) {
      showError(errorBox, e);
    }
  }

  /**
   * Sends one photo, and sends it again (up to three times) when the server answers that it is busy decoding other
   * photos (503 with Retry-After): nothing was kept, so the same photo is simply sent once more.
   */
  async function upload(file, row) {
    for (let attempt = 1; ; attempt++) {
      const answer = await send(file, row);
      if (answer.ok || answer.retryAfter === null || attempt >= 3) return answer.ok;
      const state = row.querySelector('.state');
      state.classList.remove('failed');
      state.textContent = 'The server is busy; trying again in ' + answer.retryAfter + ' seconds…';
      await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
      state.textContent = 'Uploading…';
    }
  }

  /** Sends one photo with XMLHttpRequest, whose upload events drive the progress bar. */
  function send(file, row) {
    const bar = row.querySelector('progress');
    const state = row.querySelector('.state');
    return new Promise((resolve) => {
      if (file.size > maxBytes) {
        state.textContent = 'Not uploaded: this file is larger than ' + Math.round(maxBytes / (1024 * 1024)) + ' MB.';
        state.classList.add('failed');
        resolve({ ok: false, retryAfter: null });
        return;
      }
      const form = new FormData();
      form.append('selfie', file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/orders/' + id + '/selfies');
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
      const token = Kaptura.csrfToken();
      if (token) xhr.setRequestHeader('X-CSRF-Token', token);
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      xhr.addEventListener('load', () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300) {
          bar.value = 100;
          state.textContent = 'Uploaded.';
          state.classList.add('done');
          resolve({ ok: true, retryAfter: null });
        } else {
          state.textContent = 'Not uploaded: ' + message(new Kaptura.ApiError(xhr.status, body));
          state.classList.add('failed');
          const wait = Number.parseInt(xhr.getResponseHeader('Retry-After') || '', 10);
          resolve({ ok: false, retryAfter: xhr.status === 503 && wait > 0 && wait <= 60 ? wait : null });
        }
      });
      xhr.addEventListener('error', () => {
        state.textContent = 'Not uploaded: the connection failed. Please try again.';
        state.classList.add('failed');
        resolve({ ok: false, retryAfter: null });
      });
      xhr.send(form);
    });
  }

  document.getElementById('files').addEventListener('change', async (event) => {
    const files = [...event.target.files];
    event.target.value = '';
    const list = document.getElementById('uploads');
    const jobs = files.map((file) => {
      const row = el('li', {}, el('span', { class: 'name' }, file.name),
        el('progress', { max: '100', value: '0', 'aria-label': 'Upload of ' + file.name }),
        el('span', { class: 'state' }, 'Waiting…'));
      list.append(row);
      return { file, row };
    });
    for (const job of jobs) {
      job.row.querySelector('.state').textContent = 'Uploading…';
      await upload(job.file, job.row);
    }
    adviceDeadline = Date.now() + ADVICE_POLL_FOR_MS;
    await refresh();
  });

  refresh();

  /** R42: nothing of a person is processed before they say, once, that they are 18 or older. */
  if (!adultStated) {
    let version = null;
    try {
      const policy = await api('GET', '/api/privacy/policy');
      version = policy.version;
      const notice = policy.notices.find((n) => n.kind === 'adult_attestation' && n.language === 'en')
        || policy.notices.find((n) => n.kind === 'adult_attestation');
      document.getElementById('age-notice').textContent = notice ? notice.text : '';
    } catch (e) {
      showError(document.getElementById('age-error'), e);
    }
    document.getElementById('age-submit').addEventListener('click', async () => {
      const ageError = document.getElementById('age-error');
      showError(ageError, null);
      try {
        await api('POST', '/api/me/age', { adult: document.getElementById('age-adult').checked, noticeVersion: version });
        adultStated = true;
        await refresh();
        document.getElementById('files').focus();
      } catch (e) {
        showError(ageError, e);
      }
    });
  }
});
