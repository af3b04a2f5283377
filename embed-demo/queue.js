// The stub a site owner pastes (docs/api.md), then calls made before widget.js has loaded.
window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};
Parley('showMessage', 'Hi! Looking for boots? Ask us anything.');
Parley('update', { attributes: { plan: 'pro', cartValue: 129 } });
Parley('on', 'open', function () {
  document.getElementById('events').textContent += ' open';
});
Parley('on', 'message', function (m) {
  document.getElementById('events').textContent += ' message:' + m.author.type;
});
