'use strict'
// mdns: golden multicast DNS packets exactly as hyperswarm 2.15.3 builds them
// (@hyperswarm/discovery 2.0.1 over multicast-dns 7 / dns-packet 5), and a decoder for packets
// Kappa.NET builds. `--encode`: one JSON line per case, {case, hex}. `--decode HEX`: the packet
// as dns-packet decodes it (buffers as hex), so tests can check JS reads our bytes.
const packet = require('dns-packet')
const { emit } = require('./output')

const options = {
  encode: { type: 'boolean' },
  decode: { type: 'string' },
  topic: { type: 'string' },
  port: { type: 'string' },
  id: { type: 'string' },
  querier: { type: 'string' }
}

function domain (topic) { return topic.slice(0, 20).toString('hex') + '.hyperswarm.local' }

// The same objects @hyperswarm/discovery passes to multicast-dns (query/response/respond add
// type and the authoritative-answer flag, as multicast-dns 7 does before packet.encode).
function cases (topic, port, id, querier) {
  const name = domain(topic)
  const srv = { type: 'SRV', name, data: { target: '0.0.0.0', port } }
  const txt = { type: 'TXT', name, data: [id] }
  const referrer = { type: 'A', name: 'referrer.hyperswarm.local', data: querier }
  return {
    query: { type: 'query', questions: [{ type: 'SRV', name }] },
    announce: { type: 'response', flags: packet.AUTHORITATIVE_ANSWER, answers: [srv, txt] },
    answer: { type: 'response', flags: packet.AUTHORITATIVE_ANSWER, answers: [srv, txt, referrer] },
    // What another responder on 5353 (e.g. Avahi) may send: compressed names, cache-flush bit,
    // a TTL and an additional record. multicast-dns never emits this itself.
    compressed: compressed(name, port, id)
  }
}

function compressed (name, port, id) {
  const plain = packet.encode({
    type: 'response',
    id: 7,
    flags: packet.AUTHORITATIVE_ANSWER,
    answers: [
      { type: 'SRV', name, class: 'IN', flush: true, ttl: 120, data: { target: '0.0.0.0', port, priority: 1, weight: 2 } },
      { type: 'TXT', name, ttl: 4500, data: [id, Buffer.from('x')] }
    ],
    additionals: [{ type: 'A', name: 'referrer.hyperswarm.local', ttl: 120, data: '10.0.0.9' }]
  })
  return { raw: compress(plain, name) }
}

// Rewrites the TXT owner name (second answer) as a pointer to the SRV owner name at offset 12.
function compress (buf, name) {
  const nameLen = packet.name.encodingLength(name)
  const srvEnd = 12 + nameLen + 8 + packet.srv.encodingLength({ target: '0.0.0.0' })
  const txtNameEnd = srvEnd + nameLen
  return Buffer.concat([buf.subarray(0, srvEnd), Buffer.from([0xc0, 12]), buf.subarray(txtNameEnd)])
}

function hexify (value) {
  if (Buffer.isBuffer(value)) return { hex: value.toString('hex') }
  if (Array.isArray(value)) return value.map(hexify)
  if (value && typeof value === 'object') {
    const out = {}
    for (const k of Object.keys(value)) out[k] = hexify(value[k])
    return out
  }
  return value
}

async function run (opts) {
  if (opts.decode !== undefined) {
    emit(hexify(packet.decode(Buffer.from(opts.decode, 'hex'))))
    return
  }
  const topic = Buffer.from(opts.topic || 'c00174c731c721561cf1a8e7457f88d071d8d6b12b42dd7a8b73b254c153d472', 'hex')
  const port = Number(opts.port || 13331)
  const id = Buffer.concat([Buffer.from('id='), Buffer.from(opts.id || '00'.repeat(32), 'hex')])
  const querier = opts.querier || '127.0.0.1'
  for (const [name, value] of Object.entries(cases(topic, port, id, querier))) {
    const bytes = value.raw || packet.encode(value)
    emit({ case: name, hex: bytes.toString('hex') })
  }
}

module.exports = { options, run }
