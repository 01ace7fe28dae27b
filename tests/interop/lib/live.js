'use strict'
// Live-mode reporting: a `feed` line for every feed (present at start or added later) and an
// `append` line for every entry that becomes available here, downloaded or appended locally.
const store = require('./store')
const { emit } = require('./output')

function watchFeeds (core, enc) {
  const seen = new Set()
  function watch (name, feed) {
    const key = feed.key.toString('hex')
    if (seen.has(key)) return
    seen.add(key)
    emit(Object.assign({ event: 'feed' }, store.feedInfo(name, feed)))
    // hypercore 8 emits `download` once a verified block is stored (before the bitfield flush).
    feed.on('download', (seq, data) => report(feed, seq, store.toOutput(decode(data, enc), enc), 'remote'))
  }
  for (const [name, feed] of store.namedFeeds(core)) watch(name, feed)
  core._logs.on('feed', (feed, name) => watch(name, feed))
}

function report (feed, seq, value, source) {
  emit({
    event: 'append',
    key: feed.key.toString('hex'),
    seq,
    value,
    length: feed.length,
    downloaded: feed.downloaded(0, feed.length),
    source
  })
}

function decode (data, enc) {
  if (enc === 'json') return JSON.parse(data.toString('utf-8'))
  if (enc === 'utf-8') return data.toString('utf-8')
  return data
}

// Appends 0, 1, 2, ... (a number for json, its text otherwise) every `ms`, up to appendLimit.
// Returns the function that stops it.
function startAppender (feed, opts) {
  let n = 0
  const timer = setInterval(() => {
    if (opts.appendLimit !== undefined && n >= opts.appendLimit) return clearInterval(timer)
    const value = opts.encoding === 'json' ? n : opts.encoding === 'utf-8' ? String(n) : Buffer.from(String(n))
    n++
    feed.append(value, (err, seq) => {
      if (err) return emit({ event: 'error', message: err.message })
      report(feed, seq, store.toOutput(value, opts.encoding), 'local')
    })
  }, opts.appendEvery)
  return () => clearInterval(timer)
}

module.exports = { watchFeeds, startAppender }
