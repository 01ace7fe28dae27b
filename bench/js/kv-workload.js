'use strict'
// `kv`: index N rows with random forks into kappa-view-kv 2.0.2 (unordered-materialized-kv 1.3)
// over level 6 — the Kappa.NET kv view's benchmark partner (bench/Kappa.Bench/Workloads/KvWorkload.cs
// generates the same shape). Entry n goes to feed n % F at seq n / F and is {key, links}: one of
// N/10 keys at random; with a previous version of that key, 85 % link the latest (an update),
// 5 % link the two latest (a merge), 10 % link nothing (a fork). Timed from opening the store to
// the view being ready; checked afterwards: total heads over all keys = rows nothing links to.
const fs = require('fs')
const path = require('path')
const { promisify } = require('util')
const kappa = require('kappa-core')
const kvView = require('kappa-view-kv')
const umkv = require('unordered-materialized-kv')
const level = require('level')

const now = () => Number(process.hrtime.bigint()) / 1e9

function openCore (dir) {
  const core = kappa(dir, { valueEncoding: 'json' })
  return new Promise((resolve, reject) => core.ready(e => e ? reject(e) : resolve(core)))
}
const writer = (core, name) => new Promise((resolve, reject) => core.writer(name, (e, f) => e ? reject(e) : resolve(f)))

async function kv (o) {
  const dir = path.join(o.dir, 'kv')
  fs.rmSync(dir, { recursive: true, force: true })
  const feeds = o.feeds
  const keys = Math.max(1, Math.floor(o.count / 10))
  const prep = await openCore(dir)
  const writers = []
  for (let f = 0; f < feeds; f++) writers.push(await writer(prep, 'w' + f))
  const logs = writers.map(() => [])
  const latest = new Array(keys)
  let linked = 0
  for (let n = 0; n < o.count; n++) {
    const f = n % feeds
    const id = writers[f].key.toString('hex') + '@' + logs[f].length
    const k = Math.floor(Math.random() * keys)
    const prev = latest[k] || []
    let links = []
    const roll = Math.random()
    if (prev.length && roll < 0.85) links = [prev[prev.length - 1]]
    else if (prev.length > 1 && roll < 0.90) links = prev.slice(-2)
    linked += links.filter(l => !prev.linked || !prev.linked.has(l)).length
    if (!prev.linked) prev.linked = new Set()
    for (const l of links) prev.linked.add(l)
    prev.push(id)
    if (prev.length > 2) prev.shift()
    latest[k] = prev
    logs[f].push({ key: 'k' + k, links })
  }
  for (let f = 0; f < feeds; f++) {
    const append = promisify(writers[f].append.bind(writers[f]))
    for (let i = 0; i < logs[f].length; i += 10000) await append(logs[f].slice(i, i + 10000))
  }
  await new Promise(resolve => prep._logs.close(resolve))

  const t = now()
  const core = await openCore(dir)
  const db = level(path.join(dir, 'view-db'))
  core.use('kv', kvView(db, function (msg, next) {
    const v = msg.value
    if (!v || typeof v.key !== 'string') return next()
    next(null, [{ key: v.key, id: msg.key + '@' + msg.seq, links: Array.isArray(v.links) ? v.links : [] }])
  }))
  await new Promise(resolve => core.ready('kv', resolve))
  const seconds = now() - t

  // Check (untimed): every key's heads, through the same unordered-materialized-kv over the view db.
  const reader = umkv(db)
  let heads = 0
  for (let k = 0; k < keys; k++) {
    if (!latest[k]) continue
    heads += await new Promise(resolve => reader.get('k' + k, (err, ids) => resolve(err ? 0 : ids.filter(x => x).length)))
  }
  const expected = o.count - linked
  return { params: `rocksdb ${feeds} feeds`, count: o.count, seconds, bytes: 0, check: heads === expected ? 'ok' : `heads ${heads} != ${expected}` }
}

module.exports = kv
