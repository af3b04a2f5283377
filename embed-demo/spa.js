// A tiny router: pushState navigation (to ?route=…, so a reload shows the same page) and, on demand, a full re-render of <body> (as some
// frameworks do), which removes any element a third-party script appended.
var pages = { boots: 'Boots for every trail.', tents: 'Tents for two to six.' };
function show(route) {
  var view = document.getElementById('view');
  view.innerHTML = '';
  var h = document.createElement('h1');
  h.textContent = route.charAt(0).toUpperCase() + route.slice(1);
  var p = document.createElement('p');
  p.textContent = pages[route] || '';
  view.append(h, p);
}
document.addEventListener('click', function (e) {
  var a = e.target.closest('[data-route]');
  if (a) {
    e.preventDefault();
    history.pushState({}, '', '?route=' + a.dataset.route);
    show(a.dataset.route);
  }
  if (e.target.id === 'rerender') document.body.innerHTML = document.body.innerHTML;
});
function current() {
  return new URLSearchParams(location.search).get('route');
}
window.addEventListener('popstate', function () {
  show(current() || 'home');
});
if (current()) show(current());
