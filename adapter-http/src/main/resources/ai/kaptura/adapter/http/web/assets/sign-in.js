'use strict';
/* Sign-in: email → 6-digit code. The answer to "send me a code" is the same for every address. */
document.addEventListener('DOMContentLoaded', () => {
  const emailForm = document.getElementById('email-form');
  const codeForm = document.getElementById('code-form');
  const email = document.getElementById('email');
  const code = document.getElementById('code');
  const target = Kaptura.localPath(new URLSearchParams(location.search).get('next'), '/orders');

  emailForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('email-error');
    Kaptura.showError(error, null);
    try {
      const answer = await Kaptura.api('POST', '/api/auth/start', { email: email.value });
      document.getElementById('code-sent').textContent = answer.detail;
      emailForm.hidden = true;
      codeForm.hidden = false;
      code.focus();
    } catch (e) {
      Kaptura.showError(error, e);
      email.setAttribute('aria-invalid', 'true');
    }
  });

  codeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('code-error');
    Kaptura.showError(error, null);
    try {
      await Kaptura.api('POST', '/api/auth/verify', { email: email.value, code: code.value });
      location.assign(target);
    } catch (e) {
      Kaptura.showError(error, e);
      code.setAttribute('aria-invalid', 'true');
    }
  });

  document.getElementById('restart').addEventListener('click', () => {
    codeForm.hidden = true;
    emailForm.hidden = false;
    email.focus();
  });
});
