'use strict'
// One JS peer for the mixed replication rows (bench/Kappa.Bench replicate-js): kappa-core 6 over
// TCP with a Kappa.NET peer that listens on --port (127.0.0.1 only).
//   serve: fills a source store (untimed), connects and uploads every block, exits at the end.
//   fetch: opens an empty store with one entry of its own, connects, downloads, and prints one
//          JSON line {count, seconds, check}: seconds from connection to the end of the stream.
// Usage: node replicate-peer.js serve|fetch --port P [--count N] [--size B] [--feeds F] [--dir D]
const fs = require('fs')
const net = require('net')
const os = require('os')
const path = require('path')
const { helpers: h } = require('./workloads')

function arg (name, fallback) {
  const i = process.argv.indexOf('--' + name)
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}
const role = process.argv[2]
const port = parseInt(arg('port', '0'), 10)
const count = parseInt(arg('count', '100000'), 10)
const size = parseInt(arg('size', '32'), 10)
const feeds = parseInt(arg('feeds', '1'), 10)
const dir = arg('dir', fs.mkdtempSync(path.join(os.tmpdir(), 'kappa-bench-peer-')))

async function main () {
  const perFeed = Math.floor(count / feeds)
  const store = await h.openCore(h.fresh(path.join(dir, role)), 'binary')
  if (role === 'serve') {
    for (let f = 0; f < feeds; f++) await h.appendAll(await h.writer(store, 'w' + f), perFeed, size)
  } else await h.appendAll(await h.writer(store, 'own'), 1, size, 0)
  let t = 0
  await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      t = h.now()
      if (process.env.NODELAY) socket.setNoDelay(true)
      const s = store.replicate(true, { live: false })
      socket.pipe(s).pipe(socket)
      s.on('end', resolve).on('error', reject)
    })
    socket.on('error', reject)
  })
  const seconds = h.now() - t
  if (role !== 'fetch') return
  let got = 0; let sum = 0
  for (const feed of store.feeds()) {
    if (feed.writable) continue
    await new Promise((resolve, reject) => feed.createReadStream()
      .on('data', v => { got++; sum += v.readUInt32LE(0) }).on('end', resolve).on('error', reject))
  }
  const check = got !== perFeed * feeds ? `received ${got} of ${perFeed * feeds}` : sum !== feeds * h.checksum(perFeed) ? 'checksum mismatch' : 'ok'
  console.log(JSON.stringify({ count: got, seconds, check }))
}

main().then(() => {
  if (process.argv.indexOf('--dir') < 0) fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}, err => {
  console.error(err && err.stack || err)
  process.exit(2)
})
