'use strict'
// `replicate`: replicate the store with one peer over TCP (--connect: initiator) or with the
// peers that connect (--listen: not initiator). Non-live: one session, then `done` and exit 0,
// or `error` and exit 2. Live: sessions stay open, feeds and entries are reported as they
// arrive, and the process stops on SIGTERM/SIGINT or when stdin closes.
const net = require('net')
const store = require('./store')
const { emit, exit, UsageError } = require('./output')
const { replicateOver } = require('./session')
const { watchFeeds, startAppender } = require('./live')

const options = {
  store: { type: 'string' },
  listen: { type: 'string' },
  connect: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  live: { type: 'boolean', default: false },
  key: { type: 'string' },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  writer: { type: 'string' },
  encoding: { type: 'string', default: 'json' },
  'append-every': { type: 'string' },
  'append-limit': { type: 'string' }
}

const ERROR_EXIT = 2

async function run (args, positionals) {
  const opts = parseOptions(args, positionals)
  const core = store.openStore(args.store, { encoding: opts.encoding, encryptionKey: opts.key })
  const stop = stopper(core, opts)
  try {
    await store.ready(core)
    const local = args.writer ? await store.writer(core, args.writer) : null
    if (opts.deadline) setTimeout(() => stop.fail(new Error('deadline of ' + opts.deadline + ' ms passed')), opts.deadline).unref()
    // Live reporting starts once `listening` (or the connection) is out, so that line comes first.
    const begin = () => {
      if (!opts.live) return
      watchFeeds(core, opts.encoding)
      if (opts.appendEvery) stop.onStop(startAppender(local, opts))
    }
    if (opts.connect) {
      const socket = await connect(opts.connect)
      begin()
      await session(core, socket, true, opts, stop)
    } else {
      await listen(core, opts, stop, begin)
    }
  } catch (err) {
    stop.fail(err)
  }
}

async function session (core, socket, initiator, opts, stop) {
  const s = replicateOver(core, socket, initiator, opts)
  stop.onStop(() => { s.stream.destroy(); s.socket.destroy() })
  if (!opts.live) {
    await s.done
    return stop.finish('done', { ms: Date.now() - s.startedAt })
  }
  const report = err => {
    if (stop.stopping) return
    emit(err ? { event: 'disconnected', session: s.id, error: err.message } : { event: 'disconnected', session: s.id })
  }
  s.done.then(() => report(null), report)
}

// Non-live: only the first connection is served (the server closes on it). Live: every
// connection gets its own session until the process stops.
function listen (core, opts, stop, begin) {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true }, socket => {
      if (!opts.live) server.close()
      session(core, socket, false, opts, stop).then(resolve, reject)
    })
    server.on('error', reject)
    stop.onStop(() => server.close())
    server.listen(opts.listen, opts.host, () => {
      emit({ event: 'listening', host: opts.host, port: server.address().port })
      begin()
    })
  })
}

function connect (target) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port, allowHalfOpen: true })
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.removeListener('error', reject)
      resolve(socket)
    })
  })
}

// Ends the process exactly once: `finish(event)` prints the feeds and exits 0; `fail(err)`
// prints an `error` event and exits 2. SIGTERM/SIGINT and (in live mode, or when started by
// the C# harness with KAPPA_JS_STDIN_STOP=1) the end of stdin stop the process: live mode
// counts that as a normal stop, non-live as an error (the session did not finish).
function stopper (core, opts) {
  const hooks = []
  let stopping = false
  const self = {
    get stopping () { return stopping },
    onStop (fn) { if (fn) hooks.push(fn) },
    finish (event, extra) { end(() => emit(Object.assign({ event, feeds: feedList(core) }, extra)), 0) },
    fail (err) {
      end(() => {
        emit({ event: 'error', message: err.message })
        process.stderr.write('kappa-js replicate: ' + err.message + '\n')
      }, ERROR_EXIT)
    }
  }
  function end (report, code) {
    if (stopping) return
    stopping = true
    for (const fn of hooks) fn()
    report()
    // Close the feeds so queued storage writes land before exit; never hang on it.
    setTimeout(() => exit(code), 2000).unref()
    store.close(core).then(() => exit(code), () => exit(code))
  }
  function external (why) {
    if (opts.live) self.finish('stopped')
    else self.fail(new Error(why + ' before the replication ended'))
  }
  process.once('SIGTERM', () => external('SIGTERM'))
  process.once('SIGINT', () => external('SIGINT'))
  if (opts.live || process.env.KAPPA_JS_STDIN_STOP === '1') {
    process.stdin.on('data', () => {})
    process.stdin.on('end', () => external('stdin closed'))
    process.stdin.on('error', () => external('stdin closed'))
  }
  return self
}

function feedList (core) {
  return store.namedFeeds(core).map(([name, feed]) => store.feedInfo(name, feed))
}

function parseOptions (args, positionals) {
  if (!args.store) throw new UsageError('replicate needs --store DIR')
  if (positionals.length) throw new UsageError('replicate takes no values')
  if (!!args.listen === !!args.connect) throw new UsageError('replicate needs exactly one of --listen PORT or --connect HOST:PORT')
  const opts = { live: args.live, host: args.host, encoding: store.encodingOf(args.encoding) }
  if (args.listen) opts.listen = integer(args.listen, '--listen')
  if (args.connect) {
    const m = /^(.*):(\d+)$/.exec(args.connect)
    if (!m) throw new UsageError('--connect wants HOST:PORT')
    opts.connect = { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: parseInt(m[2], 10) }
  }
  if (args.key) {
    if (!/^[0-9a-fA-F]{64}$/.test(args.key)) throw new UsageError('--key wants 64 hex digits')
    opts.key = args.key.toLowerCase()
  }
  if (args.timeout !== undefined) opts.timeout = integer(args.timeout, '--timeout')
  if (args.deadline !== undefined) opts.deadline = integer(args.deadline, '--deadline')
  if (args['append-every'] !== undefined) {
    if (!args.live) throw new UsageError('--append-every needs --live')
    if (!args.writer) throw new UsageError('--append-every needs --writer NAME')
    opts.appendEvery = integer(args['append-every'], '--append-every')
    if (!(opts.appendEvery > 0)) throw new UsageError('--append-every must be positive')
  }
  if (args['append-limit'] !== undefined) opts.appendLimit = integer(args['append-limit'], '--append-limit')
  return opts
}

function integer (text, name) {
  if (!/^\d+$/.test(text)) throw new UsageError(name + ' wants a non-negative integer, got ' + text)
  return parseInt(text, 10)
}

module.exports = { options, run }
