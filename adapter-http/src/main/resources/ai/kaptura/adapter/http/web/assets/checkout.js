'use strict';
/*
 * Consent and checkout (R4, R5, R42): the exact notice texts of the current policy version, two separate
 * consent boxes and the 18+ box, none ticked in advance; each is sent as the person left it.
 * The same page renews the consent of a paid order that waits because a policy version material for
 * biometrics took effect after it was given (R9): same notices and boxes, sent to the renewal endpoint.
 */
document.addEventListener('DOMContentLoaded', async () => {
  const { api, el, showError } = Kaptura;
  await Kaptura.requireSignIn();
  const id = Kaptura.orderId();
  const form = document.getElementById('checkout-form');
  const pageError = document.getElementById('checkout-error');
  document.getElementById('back-to-order').href = '/orders/' + id;
  let version = null;
  let renewal = false;

  try {
    const [order, policy] = await Promise.all([api('GET', '/api/orders/' + id), api('GET', '/api/privacy/policy')]);
    if (!policy.version) {
      pageError.textContent = 'Checkout is not available yet: no privacy notice has been published.';
      return;
    }
    renewal = Boolean(order.processingBlocker && order.processingBlocker.reason === 'consent-stale');
    if (renewal) {
      document.getElementById('checkout-title').textContent = 'Renew your consent';
      document.title = 'Renew your consent · Kaptura';
      document.getElementById('checkout-intro').hidden = true;
      document.getElementById('renewal-intro').hidden = false;
      document.getElementById('checkout-submit').textContent = 'Record my choices';
    } else if (order.status !== 'draft' && order.status !== 'awaiting_payment') {
      pageError.textContent = 'This order is past checkout (' + Kaptura.statusWords(order.status) + ').';
      return;
    }
    const strip = document.getElementById('checkout-selfies');
    strip.replaceChildren(...order.selfies.map((selfie, i) => el('li', {},
      el('img', { class: 'thumb', width: '64', height: '64', loading: 'lazy', alt: 'Selfie ' + (i + 1),
        src: '/api/orders/' + id + '/selfies/' + selfie.id + '/thumbnail' }))));
    strip.hidden = order.selfies.length === 0;
    // R51: the advice summed up; it does not stop checkout. Photos still being checked are counted apart, and the
    // summary is asked again every 1.5 s (for two minutes at most) until they are checked.
    if (!renewal) showAdvice(order, Date.now() + 120000);
    version = policy.version;
    const notice = (kind) => {
      const english = policy.notices.find((n) => n.kind === kind && n.language === 'en');
      return (english || policy.notices.find((n) => n.kind === kind) || { text: '' }).text;
    };
    document.getElementById('notice-version').textContent = version;
    document.getElementById('notice-biometric').textContent = notice('biometric_processing');
    document.getElementById('notice-vendor').textContent = notice('vendor_disclosure');
    document.getElementById('notice-adult').textContent = notice('adult_attestation');
    for (const box of form.querySelectorAll('input[type=checkbox]')) box.checked = false;
    form.hidden = false;
  } catch (e) {
    showError(pageError, e);
    return;
  }

  /** Shows the advice summary of {@code order}, and asks again while photos are being checked, until {@code deadline}. */
  function showAdvice(order, deadline) {
    const summary = order.adviceSummary || { text: '', checkingText: '' };
    const advice = document.getElementById('checkout-advice');
    document.getElementById('checkout-advice-text').textContent = summary.text;
    document.getElementById('checkout-advice-link').href = '/orders/' + id;
    advice.hidden = !summary.text;
    const checking = document.getElementById('checkout-advice-checking');
    checking.textContent = summary.checkingText || '';
    checking.hidden = !summary.checkingText;
    if (summary.checking > 0 && Date.now() < deadline) {
      setTimeout(async () => {
        try {
          const again = await api('GET', '/api/orders/' + id);
          if (['draft', 'awaiting_payment'].includes(again.status)) showAdvice(again, deadline);
        } catch (e) { /* the summary stays as it was: it is only advice */ }
      }, 1500);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('consent-error');
    showError(error, null);
    try {
      const answer = await api('POST', '/api/orders/' + id + (renewal ? '/consents/renew' : '/checkout'), {
        consents: {
          biometricProcessing: document.getElementById('consent-biometric').checked,
          vendorDisclosure: document.getElementById('consent-vendor').checked
        },
        noticeVersion: version,
        adult: document.getElementById('adult').checked,
        language: 'en'
      });
      form.hidden = true;
      const link = document.getElementById(renewal ? 'renewed-link' : 'pay-link');
      link.href = renewal ? '/orders/' + id : answer.checkoutUrl;
      document.getElementById(renewal ? 'renewed' : 'pay').hidden = false;
      link.focus();
      // One step: consent recorded, straight on to the payment page; the link stays for a browser that does not go.
      if (!renewal) window.location.assign(answer.checkoutUrl);
    } catch (e) {
      showError(error, e);
    }
  });
});
