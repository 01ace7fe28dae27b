'use strict'
// The JS partner of the `kappa` tool for bench/compare.sh's whole-process rows: the same two
// commands as small kappa-core 6 programs, each one process from start to exit, as a JS user
// would write them.
//   node cli.js append DIR [WRITER]  values from stdin, one per line (JSON, else a string), appended
//                                    to local writer WRITER (default "default") in batches of 4096
//                                    lines (`kappa append -` uses 2048, measured as fast as 4096 for
//                                    it and lighter on memory); prints {"key","length"}
//   node cli.js sum DIR VIEWDIR      the seed README's sum view (kappa-view 3.1 over level 6 in
//                                    VIEWDIR, resumed where it stopped); prints the sum
//   node cli.js replicate DIR listen         waits for one peer on 127.0.0.1 (a free port, printed
//                                            first as {"port"}), replicates once (not live), exits
//   node cli.js replicate DIR connect PORT   connects to 127.0.0.1:PORT, replicates once, prints
//                                            {"feeds","entries"}: the store's feeds and entries after
const readline = require('readline')
const kappa = require('kappa-core')
const kappaView = require('kappa-view')
const level = require('level')

const net = require('net')

const [command, dir, extra, port] = process.argv.slice(2)
const batchLines = 4096

function openCore () {
  const core = kappa(dir, { valueEncoding: 'json' })
  return new Promise((resolve, reject) => core.ready(e => e ? reject(e) : resolve(core)))
}
const close = core => new Promise(resolve => core._logs.close(() => resolve())) // kappa-core 6 has no close(); its multifeed does

function parse (line) {
  try { return JSON.parse(line) } catch { return line }
}

async function append () {
  const core = await openCore()
  const feed = await new Promise((resolve, reject) => core.writer(extra || 'default', (e, f) => e ? reject(e) : resolve(f)))
  const add = batch => new Promise((resolve, reject) => feed.append(batch, e => e ? reject(e) : resolve()))
  let batch = []
  for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue
    batch.push(parse(line))
    if (batch.length >= batchLines) { await add(batch); batch = [] }
  }
  if (batch.length) await add(batch)
  console.log(JSON.stringify({ key: feed.key.toString('hex'), length: feed.length }))
  await close(core)
}

async function sum () {
  const core = await openCore()
  const db = level(extra, { valueEncoding: 'json' })
  const view = kappaView(db, { valueEncoding: 'json' }, viewDb => ({
    map (entries, next) {
      viewDb.get('sum', (err, stored) => {
        let total = err ? 0 : stored
        for (const e of entries) if (typeof e.value === 'number') total += e.value
        viewDb.put('sum', total, next)
      })
    },
    api: { get: (core, cb) => viewDb.get('sum', (err, v) => cb(null, err ? 0 : v)) }
  }))
  core.use('sum', 1, view)
  await new Promise(resolve => core.ready('sum', resolve))
  const total = await new Promise((resolve, reject) => core.api.sum.get((e, v) => e ? reject(e) : resolve(v)))
  console.log(String(total))
  await close(core)
  await db.close()
}

// One non-live session over a TCP socket (allowHalfOpen: multifeed ends each direction separately).
function replicateOver (core, socket, initiator) {
  return new Promise((resolve, reject) => {
    const stream = core.replicate(initiator, { live: false })
    socket.pipe(stream).pipe(socket)
    stream.on('error', reject)
    socket.on('error', reject)
    stream.on('end', resolve)
  })
}

async function replicate () {
  const core = await openCore()
  if (extra === 'listen') {
    const socket = await new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true }, s => { server.close(); resolve(s) })
      server.on('error', reject)
      server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
    })
    await replicateOver(core, socket, false)
  } else {
    const socket = net.connect({ port: parseInt(port, 10), host: '127.0.0.1', allowHalfOpen: true })
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    await replicateOver(core, socket, true)
    const feeds = core.feeds()
    console.log(JSON.stringify({ feeds: feeds.length, entries: feeds.reduce((n, f) => n + f.length, 0) }))
  }
  await close(core)
}

const commands = { append, sum, replicate }
if (!commands[command] || !dir || (command === 'sum' && !extra) || (command === 'replicate' && extra !== 'listen' && !(extra === 'connect' && port))) {
  console.error('usage: node cli.js append DIR [WRITER] | sum DIR VIEWDIR | replicate DIR (listen | connect PORT)')
  process.exit(2)
}
commands[command]().catch(err => { console.error(err && err.stack || err); process.exit(1) })
