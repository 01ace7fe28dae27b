'use strict'
// `dump`: every feed (core.feeds() order), then every entry sorted by key then seq.
// Opens read-only by default (see readonly-storage.js); --plain opens exactly as kappa-core
// does, which rewrites the feed headers in place.
const store = require('./store')
const { emit, UsageError } = require('./output')

const options = {
  store: { type: 'string' },
  encoding: { type: 'string', default: 'json' },
  plain: { type: 'boolean', default: false },
  'feeds-only': { type: 'boolean', default: false }
}

const CHUNK = 1000

async function run (args, positionals) {
  if (!args.store) throw new UsageError('dump needs --store DIR')
  if (positionals.length) throw new UsageError('dump takes no values')
  const enc = store.encodingOf(args.encoding)
  const core = store.openStore(args.store, { encoding: enc, readOnly: !args.plain, mustExist: true })
  await store.ready(core)

  const feeds = store.namedFeeds(core)
  for (const [name, feed] of feeds) emit(Object.assign({ type: 'feed' }, store.feedInfo(name, feed)))

  if (!args['feeds-only']) {
    const sorted = feeds.map(([, feed]) => feed)
      .sort((a, b) => Buffer.compare(a.key, b.key))
    for (const feed of sorted) await dumpEntries(feed, enc)
  }
  await store.close(core)
}

// Blocks a sparse/partial feed lacks are reported as `missing` lines instead of being waited for.
async function dumpEntries (feed, enc) {
  const key = feed.key.toString('hex')
  for (let start = 0; start < feed.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, feed.length)
    if (feed.has(start, end)) {
      const values = await getBatch(feed, start, end)
      values.forEach((value, i) => emit({ type: 'entry', key, seq: start + i, value: store.toOutput(value, enc) }))
      continue
    }
    for (let seq = start; seq < end; seq++) {
      if (!feed.has(seq)) emit({ type: 'missing', key, seq })
      else emit({ type: 'entry', key, seq, value: store.toOutput((await getBatch(feed, seq, seq + 1))[0], enc) })
    }
  }
}

function getBatch (feed, start, end) {
  return new Promise((resolve, reject) => {
    feed.getBatch(start, end, { wait: false }, (err, values) => err ? reject(err) : resolve(values))
  })
}

module.exports = { options, run }
