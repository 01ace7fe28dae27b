'use strict'
// spatial-index / spatial-query beside bench/Kappa.Bench/Workloads/SpatialWorkload.cs:
// unordered-materialized-bkd 1.1.1 as kappa-osm 4 wires it — a kappa-core 6 view whose map hands
// rows {type, id: 32-byte feed key + u32 seq, point, links} to the module, trees on
// random-access-file — but with float64 points (kappa-osm's float32 misses box edges) and, like
// kappa-osm's kv view, the links and points it needs (isLinked, getPoint) in a level db written
// by the same map. Entries {point: [lon, lat], links}: 20 % move an earlier point. spatial-index:
// seconds from opening the store to the view being ready, checked by the world box's count;
// spatial-query: median latency of 21 boxes of 4° × 2°, each checked against a brute-force count.
// The module is not in bench/js's package.json: it is loaded from tests/interop's pinned install.
const fs = require('fs')
const path = require('path')
const { promisify } = require('util')
const kappa = require('kappa-core')
const level = require('level')
const raf = require('random-access-file')
const umbkd = require(path.join(__dirname, '../../tests/interop/node_modules/unordered-materialized-bkd'))

const SAMPLES = 21
const now = () => Number(process.hrtime.bigint()) / 1e9
const median = xs => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function openCore (dir) {
  const core = kappa(dir, { valueEncoding: 'json' })
  return new Promise((resolve, reject) => core.ready(e => e ? reject(e) : resolve(core)))
}
const writer = (core, name) => new Promise((resolve, reject) => core.writer(name, (e, f) => e ? reject(e) : resolve(f)))

function version (id) {
  const [key, seq] = id.split('@')
  const value = Buffer.alloc(36)
  value.write(key, 0, 'hex')
  value.writeUInt32BE(Number(seq), 32)
  return value
}

function spatialView (db, storage) {
  const bkd = umbkd({
    storage: (name, cb) => cb(null, raf(path.join(storage, name))),
    isLinked: (value, cb) => db.get('l!' + value.toString('hex'), err => cb(null, !err)),
    getPoint: (id, cb) => db.get('p!' + version(id).toString('hex'), (err, point) => cb(null, err ? null : { point: JSON.parse(point), value: [version(id)] })),
    type: { point: ['float64be', 'float64be'], value: ['char[36]'] },
    compare: (a, b) => Buffer.from(a.value[0]).equals(Buffer.from(b.value[0]))
  })
  return {
    maxBatch: 100,
    map (msgs, next) {
      const rows = msgs.filter(m => m.value && Array.isArray(m.value.point)).map(m => ({
        type: 'insert', id: version(m.key + '@' + m.seq), point: m.value.point, links: m.value.links || []
      }))
      const ops = []
      for (const r of rows) {
        ops.push({ type: 'put', key: 'p!' + r.id.toString('hex'), value: JSON.stringify(r.point) })
        for (const l of r.links) ops.push({ type: 'put', key: 'l!' + version(l).toString('hex'), value: '' })
      }
      db.batch(ops, err => err ? next(err) : bkd.batch(rows, next))
    },
    api: { query: (core, box, cb) => bkd.query(box, cb) }
  }
}

async function spatial (o) {
  const dir = path.join(o.dir, 'spatial')
  fs.rmSync(dir, { recursive: true, force: true })
  const prep = await openCore(dir)
  const writers = []
  for (let f = 0; f < o.feeds; f++) writers.push(await writer(prep, 'w' + f))
  const logs = writers.map(() => [])
  const docs = []; const current = new Map()
  for (let n = 0; n < o.count; n++) {
    const f = n % o.feeds
    const id = writers[f].key.toString('hex') + '@' + logs[f].length
    const point = [(Math.random() - 0.5) * 360, (Math.random() - 0.5) * 180]
    if (docs.length > 0 && Math.random() < 0.2) {
      const d = Math.floor(Math.random() * docs.length)
      current.delete(docs[d])
      logs[f].push({ point, links: [docs[d]] })
      docs[d] = id
    } else {
      logs[f].push({ point })
      docs.push(id)
    }
    current.set(id, point)
  }
  for (let f = 0; f < o.feeds; f++) {
    const append = promisify(writers[f].append.bind(writers[f]))
    for (let i = 0; i < logs[f].length; i += 10000) await append(logs[f].slice(i, i + 10000))
  }
  await new Promise(resolve => prep._logs.close(resolve))

  const t = now()
  const core = await openCore(dir)
  const db = level(path.join(dir, 'view-db'))
  fs.mkdirSync(path.join(dir, 'bkd'), { recursive: true })
  core.use('spatial', spatialView(db, path.join(dir, 'bkd')))
  await new Promise(resolve => core.ready('spatial', resolve))
  const indexing = now() - t
  const query = box => new Promise((resolve, reject) => core.api.spatial.query(box, (e, r) => e ? reject(e) : resolve(r)))
  let check = 'ok'
  if (o.workload === 'spatial-index') {
    const all = (await query([-180, -90, 180, 90])).length
    if (all !== current.size) check = `${all} points != ${current.size}`
    return { params: `rocksdb ${o.feeds} feeds`, count: o.count, seconds: indexing, bytes: 0, check }
  }
  const samples = []
  for (let s = 0; s < SAMPLES; s++) {
    const x = (Math.random() - 0.5) * 352; const y = (Math.random() - 0.5) * 176
    const t0 = now()
    const found = (await query([x, y, x + 4, y + 2])).length
    samples.push(now() - t0)
    let expected = 0
    for (const [lon, lat] of current.values()) if (lon >= x && lon <= x + 4 && lat >= y && lat <= y + 2) expected++
    if (found !== expected) check = `box ${s}: ${found} points != ${expected}`
  }
  return { params: `${o.count} points, median of ${SAMPLES}`, count: 1, seconds: median(samples), bytes: 0, check }
}

module.exports = { 'spatial-index': spatial, 'spatial-query': spatial }
