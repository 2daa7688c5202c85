'use strict';
/*
 * The emailed sign-in link's page. Opening the link signs nobody in (a mail scanner that follows links starts no
 * session): only the button does, with this page's CSRF token, and only in the browser that asked for the code.
 */
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('link-form');
  const button = document.getElementById('link-button');
  const error = document.getElementById('link-error');
  const token = new URLSearchParams(location.search).get('token');
  // The token leaves the address bar and the history at once.
  history.replaceState(null, '', location.pathname);

  if (!token) {
    error.textContent = 'This link is not complete. Copy the whole link from the email, or ask for a new code.';
    error.setAttribute('role', 'alert');
    button.disabled = true;
    return;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Kaptura.showError(error, null);
    button.disabled = true;
    try {
      await Kaptura.api('POST', '/api/auth/link', { token, csrf: Kaptura.cookie('kaptura_link_csrf') });
      location.assign('/orders');
    } catch (e) {
      Kaptura.showError(error, e);
      button.disabled = false;
    }
  });
});
