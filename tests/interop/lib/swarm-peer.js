'use strict'
// `swarm`: a hyperswarm 2.15.3 peer as kappa-core apps run it (the kappa workshop, cabal-core 13
// swarm.js): join discoveryKey(exchange key) with lookup + announce, and on every connection
// `core.replicate(info.client, {live: true})`, plus cabal's `peer-id` extension. The DHT is given
// no bootstrap nodes (`--bootstrap` adds private ones), so with none it finds peers through
// multicast DNS only and never contacts a public node.
// Lines: listening {port}, connection {client, address}, peer-id {id}, entries {total} after
// every stored block, and disconnection. Stops on SIGTERM/SIGINT or when stdin closes.
const hyperswarm = require('hyperswarm')
const pump = require('pump')
const crypto = require('hypercore-crypto')
const store = require('./store')
const { emit, exit } = require('./output')

const DEFAULT_KEY = 'bee80ff3a4ee5e727dc44197cb9d25bf8f19d50b0f3ad2984cfe5b7d14e75de7'

const options = {
  store: { type: 'string' },
  key: { type: 'string' },
  port: { type: 'string' },
  writer: { type: 'string', default: 'default' },
  append: { type: 'string', default: '0' },
  bootstrap: { type: 'string' }
}

function total (core) {
  return store.namedFeeds(core).reduce((n, [, feed]) => n + feed.downloaded(0, feed.length), 0)
}

async function run (args) {
  const core = store.openStore(args.store, { encryptionKey: args.key })
  await store.ready(core)
  const local = await store.writer(core, args.writer)
  const count = Number(args.append)
  if (count > 0) await store.append(local, Array.from({ length: count }, (_, i) => ({ from: 'js', i })))
  const localId = local.key.toString('hex')

  let last = -1
  const report = () => {
    const n = total(core)
    if (n !== last) emit({ event: 'entries', total: n })
    last = n
  }
  const watch = feed => feed.on('download', report)
  for (const [, feed] of store.namedFeeds(core)) watch(feed)
  core._logs.on('feed', feed => { watch(feed); report() })

  const bootstrap = args.bootstrap ? args.bootstrap.split(',') : []
  const swarm = hyperswarm({ bootstrap, preferredPort: args.port ? Number(args.port) : undefined })
  swarm.on('connection', (socket, info) => {
    const address = socket.remoteAddress + ':' + socket.remotePort
    emit({ event: 'connection', client: info.client, address })
    const stream = core.replicate(info.client, { live: true })
    pump(socket, stream, socket, err => emit({ event: 'disconnection', address, error: err ? err.message : null }))
    const ext = stream.registerExtension('peer-id', {
      encoding: 'json',
      onmessage (message) {
        if (message && typeof message.id === 'string') emit({ event: 'peer-id', id: message.id })
      }
    })
    ext.send({ id: localId })
  })
  swarm.on('listening', () => {
    emit({ event: 'listening', port: swarm.address().port, writer: localId })
    report()
  })
  const topic = crypto.discoveryKey(Buffer.from(args.key || DEFAULT_KEY, 'hex'))
  swarm.join(topic, { lookup: true, announce: true })

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    setTimeout(() => exit(0), 2000).unref()
    swarm.destroy(() => store.close(core).then(() => exit(0), () => exit(0)))
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.stdin.on('data', () => {})
  process.stdin.on('end', stop)
  process.stdin.on('error', stop)
}

module.exports = { options, run }
