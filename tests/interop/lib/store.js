'use strict'
// Opening a kappa-core 6 store and converting values between the CLI and hypercore encodings.
const fs = require('fs')
const kappa = require('kappa-core')
const readonlyStorage = require('./readonly-storage')
const { UsageError } = require('./output')

const ENCODINGS = { json: 'json', 'utf-8': 'utf-8', utf8: 'utf-8', binary: 'binary' }

function encodingOf (name) {
  const enc = ENCODINGS[name || 'json']
  if (!enc) throw new UsageError('unknown --encoding ' + name + ' (json, utf-8 or binary)')
  return enc
}

// Opens (creating if needed) the store exactly as `kappa(dir, {valueEncoding})` does: multifeed
// over random-access-file, one numbered directory per feed. `readOnly` swaps in a storage that
// refuses to change bytes on disk; `encryptionKey` is multifeed's shared replication key.
// (Not `key`: multifeed forwards its options to every hypercore and hypercore 8 takes
// `opts.key` as the feed's public key, so `{key}` would break every new writer.)
function openStore (dir, opts) {
  opts = opts || {}
  if (opts.mustExist && !fs.existsSync(dir)) throw new UsageError('store directory does not exist: ' + dir)
  const options = { valueEncoding: opts.encoding || 'json' }
  if (opts.encryptionKey) options.encryptionKey = opts.encryptionKey
  const core = kappa(opts.readOnly ? readonlyStorage(dir) : dir, options)
  return core
}

function ready (core) {
  return new Promise((resolve, reject) => {
    core._logs.once('error', reject)
    core.ready(() => {
      core._logs.removeListener('error', reject)
      resolve()
    })
  })
}

function writer (core, name) {
  return new Promise((resolve, reject) => {
    core.writer(name, (err, feed) => err ? reject(err) : resolve(feed))
  })
}

function append (feed, values) {
  return new Promise((resolve, reject) => {
    feed.append(values, (err, seq) => err ? reject(err) : resolve(seq))
  })
}

function close (core) {
  return new Promise((resolve, reject) => {
    core._logs.close(err => err ? reject(err) : resolve())
  })
}

// [name, feed] pairs in core.feeds() order (multifeed's name map in JS object-key order).
function namedFeeds (core) {
  return Object.keys(core._logs._feeds).map(name => [name, core._logs._feeds[name]])
}

function feedInfo (name, feed) {
  return {
    key: feed.key.toString('hex'),
    length: feed.length,
    downloaded: feed.length ? feed.downloaded(0, feed.length) : 0,
    writable: feed.writable,
    name
  }
}

// A value given on the command line: JSON text, plain text, or hex.
function parseArg (text, enc) {
  if (enc === 'json') {
    try { return JSON.parse(text) } catch (e) { throw new UsageError('not JSON: ' + text) }
  }
  if (enc === 'binary') return hexToBuffer(text)
  return text
}

// A line of --stdin: always one JSON value (a string for utf-8, a hex string for binary), so
// the values `dump` prints can be fed straight back.
function parseLine (line, enc) {
  let v
  try { v = JSON.parse(line) } catch (e) { throw new UsageError('stdin line is not JSON: ' + line) }
  if (enc === 'json') return v
  if (typeof v !== 'string') throw new UsageError('with --encoding ' + enc + ' each stdin line must be a JSON string')
  return enc === 'binary' ? hexToBuffer(v) : v
}

// A decoded hypercore value as it appears in output: as is (json), a string, or hex (binary).
function toOutput (value, enc) {
  return enc === 'binary' ? Buffer.from(value).toString('hex') : value
}

function hexToBuffer (hex) {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new UsageError('not an even-length hex string: ' + hex)
  return Buffer.from(hex, 'hex')
}

module.exports = { encodingOf, openStore, ready, writer, append, close, namedFeeds, feedInfo, parseArg, parseLine, toOutput }
