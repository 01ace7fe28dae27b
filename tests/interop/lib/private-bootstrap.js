'use strict'
// Keeps hyperswarm 2 (as cabal-core 13's swarm.js creates it, `hyperswarm({ preferredPort })`)
// off the public DHT: the module cached under require('hyperswarm') is replaced by a wrapper that
// always passes the bootstrap list set here (empty by default: multicast DNS only). Must be
// required before cabal-core, which requires hyperswarm when it loads.
const Module = require('module')
const path = require('path')

const cabalDir = path.dirname(require.resolve('cabal-core'))
const resolved = require.resolve('hyperswarm', { paths: [cabalDir] })
const hyperswarm = require(resolved)
let nodes = []

function privateSwarm (opts) {
  return hyperswarm(Object.assign({}, opts, { bootstrap: nodes.slice() }))
}

const cached = require.cache[resolved] || new Module(resolved)
cached.exports = privateSwarm
require.cache[resolved] = cached

module.exports = { set (list) { nodes = list.slice() } }
