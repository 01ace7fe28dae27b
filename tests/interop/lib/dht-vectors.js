'use strict'
// Golden DHT messages for Kappa.NET's codec tests, encoded by the real JS modules:
// dht-rpc 4.9.6 (Message, Holepunch, ipv4-peers node records) and @hyperswarm/dht 4.0.1
// (PeersInput, PeersOutput). Prints one JSON object per line: {"name", "hex"}.
// Usage: node lib/dht-vectors.js
const { Message, Holepunch, TYPE } = require('dht-rpc/lib/messages')
const { PeersInput, PeersOutput } = require('@hyperswarm/dht/messages')
const peers = require('ipv4-peers')
const nodes = peers.idLength(32)

const topic = Buffer.from('c00174c731c721561cf1a8e7457f88d071d8d6b12b42dd7a8b73b254c153d472', 'hex')
const id = Buffer.alloc(32, 0xab)
const other = Buffer.alloc(32, 0x07)
const to = peers.encode([{ host: '1.2.3.4', port: 49449 }])
const token = Buffer.alloc(32, 0x5a)
const closer = nodes.encode([
  { id: other, host: '127.0.0.1', port: 49737 },
  { id: Buffer.alloc(32, 0x11), host: '10.0.0.5', port: 13331 }
])

function emit (name, buf) {
  process.stdout.write(JSON.stringify({ name, hex: buf.toString('hex') }) + '\n')
}

const announce = PeersInput.encode({ port: 0, localAddress: null })
const lookup = PeersInput.encode({ port: undefined, localAddress: null })

emit('peers-input-port-0', announce)
emit('peers-input-lookup', lookup)
emit('peers-input-port-13331', PeersInput.encode({ port: 13331 }))
emit('peers-input-unannounce', PeersInput.encode({ port: 0, unannounce: true }))
emit('peers-output-two', PeersOutput.encode({ peers: peers.encode([{ host: '10.0.0.5', port: 13331 }, { host: '127.0.0.1', port: 40000 }]) }))
emit('peers-output-empty', PeersOutput.encode({ peers: null, localPeers: null }))
emit('holepunch-to', Holepunch.encode({ to }))
emit('nodes-two', closer)

emit('query-ping-ephemeral', Message.encode({ version: 1, type: TYPE.QUERY, rid: 2, to, id: null, target: null, command: '_ping', value: null }))
emit('query-find-node-full', Message.encode({ version: 1, type: TYPE.QUERY, rid: 1, to, id, target: other, command: '_find_node', value: null }))
emit('query-peers-announce', Message.encode({ version: 1, type: TYPE.QUERY, rid: 4660, to, id: null, target: topic, command: 'peers', value: announce }))
emit('query-peers-lookup', Message.encode({ version: 1, type: TYPE.QUERY, rid: 65535, to, id: null, target: topic, command: 'peers', value: lookup }))
emit('update-peers-announce', Message.encode({ version: 1, type: TYPE.UPDATE, rid: 300, to, id, roundtripToken: token, target: topic, command: 'peers', value: announce }))
emit('response-peers', Message.encode({ version: 1, type: TYPE.RESPONSE, rid: 4660, to, id, closerNodes: closer, roundtripToken: token, value: PeersOutput.encode({ peers: peers.encode([{ host: '10.0.0.5', port: 13331 }]) }) }))
emit('response-ping', Message.encode({ version: 1, type: TYPE.RESPONSE, rid: 2, to, id, closerNodes: null, roundtripToken: token, value: to }))
emit('response-error', Message.encode({ version: 1, type: TYPE.RESPONSE, rid: 7, to, id, closerNodes: closer, error: 'Unsupported command', value: null }))
