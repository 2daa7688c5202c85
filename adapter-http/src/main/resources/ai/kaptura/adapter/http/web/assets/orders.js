'use strict';
/* My orders: the list, and a new draft from a plan and its styles. */
document.addEventListener('DOMContentLoaded', async () => {
  const { api, el, showError, statusWords, formatDate } = Kaptura;
  await Kaptura.requireSignIn();
  const list = document.getElementById('orders-list');
  const plansBox = document.getElementById('plans');
  const stylesBox = document.getElementById('styles');
  const hint = document.getElementById('styles-hint');
  let plans = [];

  try {
    const mine = await api('GET', '/api/orders');
    list.replaceChildren();
    if (mine.orders.length === 0) {
      list.append(el('p', { class: 'muted' }, 'You have no orders yet.'));
    } else {
      const table = el('table', {}, el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Created'), el('th', { scope: 'col' }, 'Plan'), el('th', { scope: 'col' }, 'Status'),
        el('th', { scope: 'col' }, 'Selfies'), el('th', { scope: 'col' }, ''))));
      const body = el('tbody');
      for (const o of mine.orders) {
        body.append(el('tr', {}, el('td', {}, formatDate(o.createdAt)), el('td', {}, o.plan), el('td', {}, statusWords(o.status)),
          el('td', {}, String(o.selfies)), el('td', {}, el('a', { href: '/orders/' + o.id }, 'Open'))));
      }
      table.append(body);
      list.append(table);
    }
  } catch (e) {
    showError(document.getElementById('orders-error'), e);
  }

  function showStyles(plan) {
    stylesBox.replaceChildren();
    hint.textContent = 'Pick up to ' + plan.maxStyles + (plan.maxStyles === 1 ? ' style.' : ' styles.');
    for (const style of plan.styles) {
      const id = 'style-' + style.id;
      stylesBox.append(el('label', { class: 'check', for: id },
        el('input', { type: 'checkbox', id, name: 'style', value: style.id }),
        el('span', {}, el('strong', {}, style.title), ' — ', style.description)));
    }
  }

  try {
    plans = (await api('GET', '/api/plans')).plans;
    plansBox.replaceChildren();
    for (const plan of plans) {
      const id = 'plan-' + plan.id;
      plansBox.append(el('div', { class: 'plan' }, el('label', { class: 'check', for: id },
        el('input', { type: 'radio', name: 'plan', id, value: plan.id, onchange: () => showStyles(plan) }),
        el('span', {}, el('strong', {}, plan.name), el('br'), plan.headshots + ' headshots · ' + plan.price.display))));
    }
  } catch (e) {
    showError(document.getElementById('new-order-error'), e);
  }

  document.getElementById('new-order').addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('new-order-error');
    showError(error, null);
    const chosen = document.querySelector('input[name=plan]:checked');
    const styles = [...document.querySelectorAll('input[name=style]:checked')].map((i) => i.value);
    try {
      const order = await api('POST', '/api/orders', { plan: chosen ? chosen.value : '', styles });
      location.assign('/orders/' + order.id);
    } catch (e) {
      showError(error, e);
    }
  });
});
