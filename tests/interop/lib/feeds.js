'use strict'
// `feeds`: the feed lines of `dump` only (key, length, downloaded, writable, name).
const dump = require('./dump')

const options = {
  store: dump.options.store,
  encoding: dump.options.encoding
}

function run (args, positionals) {
  return dump.run(Object.assign({}, args, { 'feeds-only': true }), positionals)
}

module.exports = { options, run }
