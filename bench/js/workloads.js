'use strict'
const fs = require('fs')
const net = require('net')
const path = require('path')
const { promisify } = require('util')
const hypercore = require('hypercore')
const kappa = require('kappa-core')
const kappaView = require('kappa-view')
const memdb = require('memdb')
const level = require('level')

const now = () => Number(process.hrtime.bigint()) / 1e9

// Entry i: its index (u32 LE) then filler — the same bytes as Kappa.Bench's Values.Make.
function value (i, size) {
  const b = Buffer.alloc(Math.max(size, 4), 'x')
  b.writeUInt32LE(i, 0)
  return b
}
const checksum = n => n * (n - 1) / 2
const fresh = dir => { fs.rmSync(dir, { recursive: true, force: true }); return dir }
const ready = feed => new Promise((resolve, reject) => feed.ready(e => e ? reject(e) : resolve(feed)))
const close = x => new Promise(resolve => x.close(() => resolve()))

async function appendAll (feed, n, size, from = 0) {
  const append = promisify(feed.append.bind(feed))
  for (let i = 0; i < n; i += 1000) {
    const batch = []
    for (let j = i; j < Math.min(n, i + 1000); j++) batch.push(value(from + j, size))
    await append(batch)
  }
}

async function append (o) {
  const dir = fresh(path.join(o.dir, 'append'))
  const feed = await ready(hypercore(dir))
  const t = now()
  if (o.mode === 'single') {
    const appendOne = promisify(feed.append.bind(feed))
    for (let i = 0; i < o.count; i++) await appendOne(value(i, o.size))
  } else await appendAll(feed, o.count, o.size)
  const seconds = now() - t
  await close(feed)
  const again = await ready(hypercore(dir))
  const last = o.count ? (await promisify(again.get.bind(again))(o.count - 1)).readUInt32LE(0) : 0
  const check = again.length !== o.count ? `length ${again.length}` : (o.count && last !== o.count - 1) ? `last ${last}` : 'ok'
  await close(again)
  return { params: `${o.mode} ${o.size}B`, count: o.count, seconds, bytes: o.count * o.size, check }
}

async function read (o) {
  const dir = fresh(path.join(o.dir, 'read'))
  const writer = await ready(hypercore(dir))
  await appendAll(writer, o.count, o.size)
  await close(writer)
  const feed = await ready(hypercore(dir))
  const t = now()
  let count = 0; let sum = 0
  await new Promise((resolve, reject) => feed.createReadStream()
    .on('data', v => { count++; sum += v.readUInt32LE(0) }).on('end', resolve).on('error', reject))
  const seconds = now() - t
  await close(feed)
  const check = count !== o.count ? `read ${count}` : sum !== checksum(o.count) ? 'checksum mismatch' : 'ok'
  return { params: `${o.size}B`, count, seconds, bytes: count * o.size, check }
}

function openCore (dir, valueEncoding) {
  const core = kappa(dir, { valueEncoding })
  return new Promise((resolve, reject) => core.ready(e => e ? reject(e) : resolve(core)))
}
const writer = (core, name) => new Promise((resolve, reject) => core.writer(name, (e, f) => e ? reject(e) : resolve(f)))

async function index (o) {
  const dir = fresh(path.join(o.dir, 'index'))
  const perFeed = Math.floor(o.count / o.feeds)
  const prep = await openCore(dir, 'json')
  for (let f = 0; f < o.feeds; f++) {
    const feed = await writer(prep, 'w' + f)
    const append = promisify(feed.append.bind(feed))
    for (let i = 0; i < perFeed; i += 10000) {
      const batch = []
      for (let j = i; j < Math.min(perFeed, i + 10000); j++) batch.push(j)
      await append(batch)
    }
  }
  await new Promise(resolve => prep._logs.close(resolve)) // kappa-core 6 has no close(); its multifeed does

  const t = now()
  const core = await openCore(dir, 'json')
  const db = o.store === 'rocksdb' ? level(path.join(dir, 'view-db')) : memdb()
  let sum = 0
  // The seed README's sum view, kept numeric (as written it concatenates strings), stored per batch.
  const view = kappaView(db, { valueEncoding: 'json' }, viewDb => ({
    map (entries, next) {
      for (const e of entries) if (typeof e.value === 'number') sum += e.value
      viewDb.put('sum', sum, next)
    },
    api: { get: (core, cb) => viewDb.get('sum', cb) }
  }))
  core.use('sum', 1, view)
  await new Promise(resolve => core.ready('sum', resolve))
  const stored = await new Promise((resolve, reject) => core.api.sum.get((e, v) => e ? reject(e) : resolve(v)))
  const seconds = now() - t
  const expected = o.feeds * checksum(perFeed)
  return { params: `${o.store} ${o.feeds} feeds`, count: perFeed * o.feeds, seconds, bytes: 0, check: stored === expected ? 'ok' : `sum ${stored} != ${expected}` }
}

async function replicate (o) {
  const dir = fresh(path.join(o.dir, 'replicate'))
  const perFeed = Math.floor(o.count / o.feeds)
  const source = await openCore(path.join(dir, 'source'), 'binary')
  for (let f = 0; f < o.feeds; f++) await appendAll(await writer(source, 'w' + f), perFeed, o.size)
  const target = await openCore(path.join(dir, 'target'), 'binary')
  // One entry of its own: multifeed 5 can end a session early when a side is empty.
  await appendAll(await writer(target, 'own'), 1, o.size, 0)

  const t = now()
  await new Promise((resolve, reject) => {
    let pending = 2
    const done = () => { if (--pending === 0) resolve() }
    const server = net.createServer(socket => {
      const s = target.replicate(false, { live: false })
      socket.pipe(s).pipe(socket)
      s.on('end', done).on('error', reject)
      server.close()
    }).listen(0, '127.0.0.1', () => {
      const socket = net.connect(server.address().port, '127.0.0.1', () => {
        const s = source.replicate(true, { live: false })
        socket.pipe(s).pipe(socket)
        s.on('end', done).on('error', reject)
      })
    })
  })
  const seconds = now() - t

  let count = 0; let sum = 0
  for (const feed of target.feeds()) {
    if (feed.writable) continue
    await new Promise((resolve, reject) => feed.createReadStream()
      .on('data', v => { count++; sum += v.readUInt32LE(0) }).on('end', resolve).on('error', reject))
  }
  const expected = o.feeds * checksum(perFeed)
  const check = count !== perFeed * o.feeds ? `received ${count} of ${perFeed * o.feeds}` : sum !== expected ? 'checksum mismatch' : 'ok'
  return { params: `${o.size}B ${o.feeds} feeds`, count, seconds, bytes: count * o.size, check }
}

// The JS⇄JS baseline of the mixed rows (Kappa.Bench replicate-js): the same run, labelled like the C# side's row.
async function replicateJs (o) {
  const r = await replicate(o)
  return { ...r, params: r.params + (o.mode === 'to-js' ? ' JS from C#' : ' C# from JS') }
}

module.exports = { append, read, index, replicate, 'replicate-js': replicateJs, ...require('./list-workloads') }
module.exports.helpers = { openCore, writer, appendAll, checksum, fresh, now }
module.exports.kv = require('./kv-workload')
Object.assign(module.exports, require('./spatial-workload'))
