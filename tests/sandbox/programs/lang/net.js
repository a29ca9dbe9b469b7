// net.js: IPv4/IPv6 TCP and UDP refused; worker threads still work. Exit 0
// when the sandbox behaved.
const net = require('net');
const dgram = require('dgram');
const { Worker } = require('worker_threads');
let bad = 0;
function tcp(host) {
  return new Promise((resolve) => {
    try {
      const s = net.connect({ host, port: 9 });
      s.on('connect', () => { bad = 1; console.log('tcp', host, 'allowed'); s.destroy(); resolve(); });
      s.on('error', (e) => { console.log('tcp', host, 'refused', e.code); resolve(); });
    } catch (e) { console.log('tcp', host, 'refused', e.code); resolve(); }
  });
}
function udp(type, host) {
  return new Promise((resolve) => {
    try {
      const s = dgram.createSocket(type);
      s.on('error', (e) => { console.log('udp', host, 'refused', e.code); resolve(); });
      s.send('x', 9, host, (e) => {
        if (e) console.log('udp', host, 'refused', e.code); else { bad = 1; console.log('udp', host, 'allowed'); }
        try { s.close(); } catch (_) {}
        resolve();
      });
    } catch (e) { console.log('udp', host, 'refused', e.code); resolve(); }
  });
}
(async () => {
  await tcp('127.0.0.1'); await tcp('::1');
  await udp('udp4', '127.0.0.1'); await udp('udp6', '::1');
  const w = new Worker('require("worker_threads").parentPort.postMessage(42)', { eval: true });
  w.on('message', (m) => { console.log('worker', m === 42); process.exit(bad); });
  w.on('error', () => process.exit(1));
})();
