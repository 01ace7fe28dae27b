'use strict'
// Runs cabal-core 13.2.0's own swarm code (cabal-core/swarm.js: on every connection, replicate,
// register the `peer-id` extension, send our local key, and emit `peer-added` with the remote's)
// over direct TCP connections on 127.0.0.1 instead of hyperswarm's discovery, whose multicast DNS
// and DHT packets would leave the machine. Only the connection source is swapped: hyperswarm is
// replaced in require's cache for the one `cabal.swarm()` call made through `join`; every other
// call gets what the cache held before (hyperswarm 2.15.3, or private-bootstrap.js's wrapper of it).
// Must be required before cabal-core.
//
// `traceFrames(emit)` reports every plaintext stream-level frame (channel 0: Options, Extension)
// a protocol stream of this process sends, before encryption: the bytes cabal-core puts on the wire.
const path = require('path')
const net = require('net')
const { EventEmitter } = require('events')

const cabalDir = path.dirname(require.resolve('cabal-core'))
const hyperswarmPath = require.resolve('hyperswarm', { paths: [cabalDir] })
const realHyperswarm = require(hyperswarmPath)
let nextIsDirect = null
require.cache[hyperswarmPath].exports = function (opts) {
  if (!nextIsDirect) return realHyperswarm(opts)
  const swarm = nextIsDirect
  nextIsDirect = null
  return swarm
}

// What swarm.js uses of a hyperswarm: join, on('connection', (socket, info.client)), destroy + 'close'.
class DirectSwarm extends EventEmitter {
  constructor () {
    super()
    this.servers = []
    this.sockets = new Set()
  }

  join () {}
  leave () {}

  listen () {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true }, socket => this._connection(socket, false))
      this.servers.push(server)
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve(server.address().port))
    })
  }

  connect (port, host) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: host || '127.0.0.1', port, allowHalfOpen: true })
      socket.once('error', reject)
      socket.once('connect', () => { this._connection(socket, true); resolve() })
    })
  }

  _connection (socket, client) {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => {}) // pump in swarm.js reports it
    this.emit('connection', socket, { client })
  }

  destroy () {
    for (const s of this.servers) s.close()
    for (const s of this.sockets) s.destroy()
    process.nextTick(() => this.emit('close'))
  }
}

// cabal.swarm() with a DirectSwarm as its hyperswarm; resolves with the DirectSwarm.
function join (cabal) {
  const swarm = new DirectSwarm()
  nextIsDirect = swarm
  return new Promise((resolve, reject) => cabal.swarm((err, s) => err ? reject(err) : resolve(s)))
}

function traceFrames (emit) {
  const SMC = require(require.resolve('simple-message-channels', {
    paths: [path.dirname(require.resolve('simple-hypercore-protocol', { paths: [path.dirname(require.resolve('hypercore-protocol', { paths: [cabalDir] }))] }))]
  }))
  const send = SMC.prototype.send
  SMC.prototype.send = function (channel, type, message) {
    const frame = send.call(this, channel, type, message)
    if (channel === 0) emit({ event: 'frame', type, hex: frame.toString('hex') })
    return frame
  }
}

module.exports = { join, traceFrames }
