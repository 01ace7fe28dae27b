'use strict'
// `cabal`: a long-running cabal-core 13.2.0 peer driven through cabal-core's own API
// (Cabal(storage, key), publish, publishNick, publishChannelTopic, replicate, swarm, and the
// views messages/channels/users/topics). Commands arrive as JSON lines on stdin; every answer
// and event is one JSON line on stdout. The process stops when stdin closes or on
// {"cmd":"quit"} (closing the cabal, so the store on disk is complete).
//
//   node kappa-js.js cabal --store DIR [--key HEX|cabal://HEX] [--nick NAME] [--trace-frames]
//
// --trace-frames: every stream-level frame sent (Options, Extension), in plaintext, as
// {"event":"frame","type":T,"hex":H}.
//
// stdin commands (each answered by a line with "reply": <cmd>):
//   {"cmd":"nick","name":N}                       publishNick
//   {"cmd":"send","channel":C,"text":T[,"type":"chat/text"][,"timestamp":TS]}   publish
//   {"cmd":"topic","channel":C,"text":T}          publishChannelTopic
//   {"cmd":"join","channel":C}                    publish channel/join
//   {"cmd":"listen"}                              TCP server on 127.0.0.1:0, live replication of every connection (not initiator)
//   {"cmd":"connect","port":P[,"host":H]}         TCP connection, live replication (initiator)
//   {"cmd":"swarm"[,"bootstrap":["HOST:PORT"]]}  cabal.swarm() (hyperswarm 2: mDNS + DHT); the DHT gets
//                                                 these bootstrap nodes or none (never the public ones, see below)
//   {"cmd":"directListen"}                        cabal.swarm() over direct TCP (cabal-direct-swarm.js): cabal-core's own
//                                                 peer-id handling on connections accepted on 127.0.0.1:0 → {"port"}
//   {"cmd":"directConnect","port":P[,"host":H]}   the same, dialling P (the dialler is the initiator, as hyperswarm)
//   {"cmd":"read","channel":C}                    messages view, oldest first → {"messages":[{key,seq,value}]}
//   {"cmd":"channels"} | {"cmd":"users"} | {"cmd":"topicOf","channel":C}
//   {"cmd":"quit"}
// Events: {"event":"ready","key":cabalKeyHex,"local":localFeedHex}, {"event":"message","channel",...}
// for each message the messages view indexes, {"event":"peer-added","key"}, {"event":"listening","port"},
// {"event":"connection","client","address"} for each swarm connection.
const net = require('net')
const readline = require('readline')
const bootstrap = require('./private-bootstrap')
const direct = require('./cabal-direct-swarm') // before cabal-core: it hooks hyperswarm for directListen/directConnect
const Cabal = require('cabal-core')
const pump = require('pump')
const collect = require('collect-stream')
const { emit, exit, UsageError } = require('./output')

const options = {
  store: { type: 'string' },
  key: { type: 'string' },
  nick: { type: 'string' },
  'trace-frames': { type: 'boolean' }
}

async function run (args) {
  if (!args.store) throw new UsageError('cabal needs --store DIR')
  if (args['trace-frames']) direct.traceFrames(emit)
  const cabal = Cabal(args.store, args.key || null)
  await new Promise(resolve => cabal.ready(resolve))
  const local = await new Promise((resolve, reject) => cabal.getLocalKey((err, k) => err ? reject(err) : resolve(k)))
  if (args.nick) await call(cb => cabal.publishNick(args.nick, cb))
  cabal.messages.events.on('message', msg => emit({ event: 'message', key: msg.key, seq: msg.seq, value: msg.value }))
  cabal.on('peer-added', key => emit({ event: 'peer-added', key }))
  cabal.on('peer-dropped', key => emit({ event: 'peer-dropped', key }))
  emit({ event: 'ready', key: cabal.key, local })

  const servers = []
  const sockets = []
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    for (const s of servers) s.close()
    for (const s of sockets) s.destroy()
    const t = setTimeout(() => exit(0), 3000)
    t.unref()
    cabal.close(() => exit(0))
  }

  const replicate = (socket, initiator) => {
    sockets.push(socket)
    const r = cabal.replicate(initiator)
    pump(socket, r, socket, err => emit({ event: 'disconnected', error: err ? err.message : null }))
    // What cabal-core's swarm.js does on every connection: its peer-id extension.
    const ext = r.registerExtension('peer-id', {
      encoding: 'json',
      onmessage (message) { if (message && message.id) emit({ event: 'peer-id', id: message.id }) }
    })
    ext.send({ id: local })
  }

  let joined = null
  const directSwarm = () => joined || (joined = direct.join(cabal))

  const handlers = {
    nick: c => call(cb => cabal.publishNick(c.name, cb)).then(() => ({})),
    send: c => call(cb => cabal.publish(message(c.type || 'chat/text', c), cb)).then(m => ({ timestamp: m.timestamp })),
    topic: c => call(cb => cabal.publishChannelTopic(c.channel, c.text, cb)).then(() => ({})),
    join: c => call(cb => cabal.publish({ type: 'channel/join', content: { channel: c.channel } }, cb)).then(() => ({})),
    listen: () => new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true }, socket => replicate(socket, false))
      servers.push(server)
      server.on('error', reject)
      server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port }))
    }),
    connect: c => new Promise((resolve, reject) => {
      const socket = net.connect({ host: c.host || '127.0.0.1', port: c.port, allowHalfOpen: true })
      socket.once('error', reject)
      socket.once('connect', () => { replicate(socket, true); resolve({}) })
    }),
    directListen: () => directSwarm().then(s => s.listen()).then(port => ({ port })),
    directConnect: c => directSwarm().then(s => s.connect(c.port, c.host)).then(() => ({})),
    swarm: c => {
      // cabal-core's swarm.js calls hyperswarm({ preferredPort }) with no bootstrap option, which
      // would contact the public DHT nodes: tests pin it to private nodes (or none) first.
      bootstrap.set(c.bootstrap || [])
      return call(cb => cabal.swarm(cb)).then(swarm => {
        swarm.on('connection', (socket, info) => emit({ event: 'connection', client: info.client, address: socket.remoteAddress + ':' + socket.remotePort }))
        return { port: swarm.address().port }
      })
    },
    read: c => new Promise((resolve, reject) => {
      collect(cabal.messages.read(c.channel, { reverse: false }), (err, rows) =>
        err ? reject(err) : resolve({ messages: rows.map(m => ({ key: m.key, seq: m.seq, value: m.value })) }))
    }),
    channels: () => call(cb => cabal.channels.get(cb)).then(channels => ({ channels })),
    users: () => call(cb => cabal.users.getAll(cb)).then(users => ({ users })),
    topicOf: c => new Promise(resolve => cabal.topics.get(c.channel, (err, topic) => resolve({ topic: err ? null : topic }))),
    quit: () => { stop(); return Promise.resolve({}) }
  }

  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', line => {
    if (!line.trim()) return
    let c
    try { c = JSON.parse(line) } catch (e) { return emit({ reply: null, error: 'not JSON: ' + line }) }
    const h = handlers[c.cmd]
    if (!h) return emit({ reply: c.cmd, error: 'unknown command' })
    h(c).then(r => emit(Object.assign({ reply: c.cmd }, r)), err => emit({ reply: c.cmd, error: err.message }))
  })
  rl.on('close', stop)
}

function message (type, c) {
  const m = { type, content: { channel: c.channel, text: c.text } }
  if (c.timestamp !== undefined) m.timestamp = c.timestamp
  return m
}

function call (fn) {
  return new Promise((resolve, reject) => fn((err, value) => {
    // publishNick/publishChannelTopic pass feed.append's (err, seq); publish passes (err, message).
    if (err instanceof Error) reject(err)
    else resolve(value)
  }))
}

module.exports = { options, run }
