'use strict';
/* The results page (R44): every headshot shown with a visible "AI-generated" label. */
document.addEventListener('DOMContentLoaded', async () => {
  const { api, el, showError } = Kaptura;
  await Kaptura.requireSignIn();
  const id = Kaptura.orderId();
  const gallery = document.getElementById('gallery');
  document.getElementById('zip-link').href = '/api/orders/' + id + '/headshots.zip';
  document.getElementById('order-link').href = '/orders/' + id;
  try {
    const answer = await api('GET', '/api/orders/' + id + '/headshots');
    gallery.replaceChildren();
    if (answer.headshots.length === 0) {
      gallery.append(el('p', { class: 'muted' }, 'Your headshots are not ready yet.'));
      return;
    }
    answer.headshots.forEach((h, i) => {
      gallery.append(el('figure', { class: 'headshot' },
        el('div', { class: 'frame' },
          el('img', { src: h.url, alt: 'AI-generated headshot ' + (i + 1) + ', style ' + h.styleTitle, loading: 'lazy' }),
          el('span', { class: 'ai-label' }, h.label)),
        el('figcaption', {}, el('span', {}, h.label + ' · ' + h.styleTitle),
          el('a', { href: h.downloadUrl, download: '' }, 'Download'))));
    });
  } catch (e) {
    showError(document.getElementById('gallery-error'), e);
  }
});
