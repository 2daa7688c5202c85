/*
 * Kaptura's shared page script: the API client (CSRF header, problem+json errors), the navigation,
 * and the cookie banner. Analytics (R40) is loaded only after an explicit "Accept", never before it
 * and never after a withdrawal; withdrawing deletes the analytics cookies.
 */
'use strict';

const Kaptura = (() => {
  const CSRF_COOKIE = 'kaptura_csrf';

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem && problem.detail ? problem.detail : 'The request failed (' + status + ').');
      this.status = status;
      this.problem = problem || {};
    }
    get type() { return this.problem.type || ''; }
  }

  /** A cookie of ours: over HTTPS its name carries the __Host- prefix (set only by this host), else it is plain. */
  function cookie(name) {
    for (const candidate of ['__Host-' + name, name]) {
      const prefix = candidate + '=';
      for (const part of document.cookie.split(';')) {
        const p = part.trim();
        if (p.startsWith(prefix)) return decodeURIComponent(p.substring(prefix.length));
      }
    }
    return null;
  }

  function csrfToken() { return cookie(CSRF_COOKIE); }

  /**
   * A path of this site to go to, from untrusted text (such as ?next=), or the fallback: never another site. Only
   * plain path characters pass (no backslash, no tab or other control character that a URL parser would drop to
   * turn "/\t/evil.example" into "//evil.example"), and the parsed result must still be on this origin.
   */
  function localPath(candidate, fallback) {
    if (typeof candidate !== 'string' || !/^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%\/?#]*$/.test(candidate)) return fallback;
    try {
      const url = new URL(candidate, location.origin);
      if (url.origin !== location.origin || url.pathname.startsWith('//')) return fallback;
      return url.pathname + url.search + url.hash;
    } catch (e) {
      return fallback;
    }
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json, application/problem+json' };
    const token = csrfToken();
    if (token && method !== 'GET') headers['X-CSRF-Token'] = token;
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, { detail: 'We could not reach Kaptura. Check your connection and try again.' });
    }
    return readResponse(response);
  }

  async function readResponse(response) {
    const type = response.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  /** A person-readable message for a failed request, listing each invalid field. */
  function message(error) {
    if (!(error instanceof ApiError)) return 'Something went wrong: ' + error.message;
    const errors = error.problem.errors;
    if (Array.isArray(errors) && errors.length > 1) return errors.map((e) => e.detail).join(' · ');
    return error.message;
  }

  function showError(element, error) {
    element.textContent = error ? message(error) : '';
    if (error) element.setAttribute('role', 'alert');
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function me() {
    try {
      return await api('GET', '/api/me');
    } catch (e) {
      if (e.status === 401) return null;
      throw e;
    }
  }

  /** The signed-in person, or a trip to the sign-in page that comes back here. */
  async function requireSignIn() {
    const who = await me();
    if (!who) {
      location.assign('/sign-in?next=' + encodeURIComponent(location.pathname + location.search));
      return new Promise(() => {});
    }
    return who;
  }

  /** The order id of a page at /orders/{id}[/...]. */
  function orderId() {
    const match = location.pathname.match(/^\/orders\/([0-9a-fA-F-]{36})(?:\/|$)/);
    return match ? match[1] : null;
  }

  const STATUS_WORDS = {
    draft: 'Draft — add your selfies', awaiting_payment: 'Waiting for payment', paid: 'Paid',
    training: 'Training your personal model', generating: 'Generating your headshots', delivered: 'Delivered',
    failed: 'Failed', cancelled: 'Cancelled', refunded: 'Refunded'
  };
  function statusWords(status) { return STATUS_WORDS[status] || status; }

  function formatDate(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  async function renderNav() {
    const slot = document.getElementById('account-nav');
    if (!slot) return;
    const who = await me().catch(() => null);
    slot.replaceChildren();
    if (who) {
      slot.append(el('button', { type: 'button', class: 'button', onclick: async () => {
        await api('POST', '/api/auth/logout').catch(() => null);
        location.assign('/');
      } }, 'Sign out'));
    } else {
      slot.append(el('a', { href: '/sign-in', class: 'button primary' }, 'Sign in'));
    }
  }

  // ---- cookies and analytics (R40, R41) ---------------------------------------------------------

  let config = null;
  let cookieState = null;

  async function loadCookieState() {
    [config, cookieState] = await Promise.all([api('GET', '/api/config'), api('GET', '/api/cookies')]);
    return cookieState;
  }

  function analyticsLoaded() { return document.documentElement.dataset.analytics === 'loaded'; }

  function loadAnalytics() {
    if (!config || !config.analytics || analyticsLoaded()) return;
    const id = config.analytics.measurementId;
    window.dataLayer = window.dataLayer || [];
    window.gtag = function gtag() { window.dataLayer.push(arguments); };
    window.gtag('js', new Date());
    window.gtag('config', id, { anonymize_ip: true });
    const script = document.createElement('script');
    script.async = true;
    script.src = config.analytics.scriptUrl + '?id=' + encodeURIComponent(id);
    document.head.appendChild(script);
    document.documentElement.dataset.analytics = 'loaded';
  }

  /** Deletes every analytics cookie (_ga, _ga_*, _gid, _gat*) for this host and its parent domains. */
  function deleteAnalyticsCookies() {
    const names = document.cookie.split(';').map((c) => c.split('=')[0].trim())
      .filter((n) => /^_ga($|_)/.test(n) || n === '_gid' || /^_gat/.test(n));
    const host = location.hostname;
    const domains = [null];
    const parts = host.split('.');
    for (let i = 0; i < parts.length - 1; i++) domains.push('.' + parts.slice(i).join('.'));
    for (const name of names) {
      for (const domain of domains) {
        document.cookie = name + '=; Max-Age=0; path=/' + (domain ? '; domain=' + domain : '');
      }
    }
  }

  async function chooseAnalytics(accept) {
    cookieState = await api('POST', '/api/cookies', { analytics: accept, bannerVersion: cookieState.bannerVersion });
    const banner = document.getElementById('cookie-banner');
    if (banner) banner.remove();
    if (cookieState.analyticsAllowed) {
      loadAnalytics();
    } else {
      deleteAnalyticsCookies();
    }
    return cookieState;
  }

  function showBanner() {
    const banner = el('section', { id: 'cookie-banner', class: 'cookie-banner', 'aria-labelledby': 'cookie-banner-title' },
      el('div', { class: 'inner' },
        el('h2', { id: 'cookie-banner-title' }, 'May we measure how the site is used?'),
        el('p', {}, 'With your permission we use Google Analytics, which sets cookies and sends details of your visit to Google. ' +
          'It stays off unless you accept, and ordering works the same either way. You can change your mind at any time on the ',
          el('a', { href: '/privacy#cookies' }, 'privacy page'), '.'),
        el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'cookie-accept', class: 'primary', onclick: () => chooseAnalytics(true) }, 'Accept analytics'),
          el('button', { type: 'button', id: 'cookie-refuse', class: 'primary', onclick: () => chooseAnalytics(false) }, 'Refuse analytics'))));
    document.body.append(banner);
  }

  async function initCookies() {
    try {
      await loadCookieState();
    } catch (e) {
      document.documentElement.dataset.analytics = 'off';
      return;
    }
    if (cookieState.analyticsAllowed) {
      loadAnalytics();
    } else {
      deleteAnalyticsCookies();
      document.documentElement.dataset.analytics = 'off';
      if (cookieState.showBanner && cookieState.analyticsConfigured) showBanner();
    }
    document.dispatchEvent(new CustomEvent('kaptura:cookies', { detail: cookieState }));
  }

  function cookies() { return { config, state: cookieState }; }

  document.addEventListener('DOMContentLoaded', () => {
    renderNav();
    initCookies();
  });

  return { ApiError, api, readResponse, csrfToken, cookie, localPath, message, showError, el, me, requireSignIn, orderId, statusWords,
    formatDate, chooseAnalytics, cookies, loadCookieState };
})();
