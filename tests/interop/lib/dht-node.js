'use strict'
// A real @hyperswarm/dht 4.0.1 node (dht-rpc 4.9.6) for Kappa.NET's DHT interop tests.
// Usage: node lib/dht-node.js [--port N] [--bootstrap HOST:PORT[,HOST:PORT]] [--full]
// Binds 127.0.0.1 only. Without --bootstrap it is the first node of a private network.
// Stdout: one JSON object per line, {"event": ...}: listening, ready, announced, lookup,
// unannounced, pong, error, and for a full node stored/removed when others (un)announce to it.
// Stdin: one JSON command per line: {"op":"announce"|"lookup"|"unannounce","topic":HEX,"port":N}
// or {"op":"ping","host":H,"port":N}. The process ends when stdin closes.
const { parseArgs } = require('util')
const dht = require('@hyperswarm/dht')
const readline = require('readline')

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    bootstrap: { type: 'string', default: '' },
    full: { type: 'boolean', default: false }
  }
})

function emit (obj) { process.stdout.write(JSON.stringify(obj) + '\n') }
const fmt = p => p.host + ':' + p.port

const node = dht({
  bootstrap: values.bootstrap ? values.bootstrap.split(',') : [],
  ephemeral: !values.full
})
node.on('warning', () => {})
node.on('announce', (target, from) => emit({ event: 'stored', topic: target.toString('hex'), peer: fmt(from) }))
node.on('unannounce', (target, from) => emit({ event: 'removed', topic: target.toString('hex'), peer: fmt(from) }))
node.on('ready', () => emit({ event: 'ready', nodes: node.getNodes().length }))
node.listen(Number(values.port), '127.0.0.1', () => emit({ event: 'listening', port: node.address().port }))

function collect (stream, done) {
  const peers = []
  stream.on('data', d => { for (const p of d.peers || []) peers.push(fmt(p)) })
  stream.on('error', err => done(err, peers))
  stream.on('end', () => done(null, peers))
}

const commands = {
  announce (c) {
    collect(node.announce(Buffer.from(c.topic, 'hex'), { port: c.port || 0 }), (err, peers) =>
      emit(err ? { event: 'error', op: c.op, message: err.message } : { event: 'announced', topic: c.topic, peers }))
  },
  lookup (c) {
    collect(node.lookup(Buffer.from(c.topic, 'hex')), (err, peers) =>
      emit(err ? { event: 'error', op: c.op, message: err.message } : { event: 'lookup', topic: c.topic, ref: c.ref, peers }))
  },
  unannounce (c) {
    collect(node.unannounce(Buffer.from(c.topic, 'hex'), { port: c.port || 0 }), err =>
      emit(err ? { event: 'error', op: c.op, message: err.message } : { event: 'unannounced', topic: c.topic }))
  },
  ping (c) {
    node.ping({ host: c.host, port: c.port }, (err, pong) =>
      emit(err ? { event: 'error', op: c.op, message: err.message } : { event: 'pong', seen: fmt(pong) }))
  }
}

readline.createInterface({ input: process.stdin }).on('line', line => {
  if (!line.trim()) return
  const c = JSON.parse(line)
  if (!commands[c.op]) return emit({ event: 'error', op: c.op, message: 'unknown op' })
  commands[c.op](c)
}).on('close', () => { node.destroy(); setTimeout(() => process.exit(0), 100) })
