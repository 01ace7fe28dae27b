'use strict'
// `append`: open (or create) the store, get or create the writer, append values in batches.
const readline = require('readline')
const store = require('./store')
const { emit, UsageError } = require('./output')

const options = {
  store: { type: 'string' },
  writer: { type: 'string', default: 'default' },
  encoding: { type: 'string', default: 'json' },
  stdin: { type: 'boolean', default: false },
  batch: { type: 'string', default: '1000' },
  // --writers N: append the same values to N writers named <writer>0 … <writer>N-1 (one line each)
  writers: { type: 'string' }
}

async function run (args, positionals) {
  if (!args.store) throw new UsageError('append needs --store DIR')
  const enc = store.encodingOf(args.encoding)
  const batchSize = parseInt(args.batch, 10)
  if (!(batchSize > 0)) throw new UsageError('--batch must be a positive integer')
  if (args.stdin && positionals.length) throw new UsageError('give values as arguments or with --stdin, not both')
  const values = positionals.map(v => store.parseArg(v, enc))

  const core = store.openStore(args.store, { encoding: enc })
  await store.ready(core)
  if (args.writers !== undefined) {
    const n = parseInt(args.writers, 10)
    if (!(n > 0) || args.stdin) throw new UsageError('--writers needs a positive count and values as arguments')
    const results = []
    for (let w = 0; w < n; w++) {
      const feed = await store.writer(core, args.writer + w)
      for (let i = 0; i < values.length; i += batchSize) await store.append(feed, values.slice(i, i + batchSize))
      results.push({ key: feed.key.toString('hex'), length: feed.length, name: args.writer + w })
    }
    await store.close(core)
    results.forEach(emit)
    return
  }
  const feed = await store.writer(core, args.writer)

  if (args.stdin) {
    let pending = []
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
    for await (const line of lines) {
      if (line.trim() === '') continue
      pending.push(store.parseLine(line, enc))
      if (pending.length >= batchSize) {
        await store.append(feed, pending)
        pending = []
      }
    }
    if (pending.length) await store.append(feed, pending)
  } else {
    for (let i = 0; i < values.length; i += batchSize) {
      await store.append(feed, values.slice(i, i + batchSize))
    }
  }

  // Report after closing, so the line means the entries are on disk (queued writes have landed).
  const result = { key: feed.key.toString('hex'), length: feed.length, name: args.writer }
  await store.close(core)
  emit(result)
}

module.exports = { options, run }
