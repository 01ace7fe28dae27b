'use strict'
// list-page / list-tail beside bench/Kappa.Bench/Workloads/ListWorkload.cs: N Cabal-shaped messages
// over F feeds in one channel, indexed into kappa-view-list 1.2.0 over level (not timed). list-page:
// read({reverse, limit: 50}) latency, median of 21. list-tail: kappa-view-list has no live read, so
// the closest it offers — onInsert after an append — median of 21.
const path = require('path')
const { promisify } = require('util')
const kappa = require('kappa-core')
const level = require('level')
const List = require('kappa-view-list')

const SAMPLES = 21
const now = () => Number(process.hrtime.bigint()) / 1e9
const message = i => ({ type: 'chat/text', timestamp: i, content: { channel: 'default', text: 'message ' + i } })
const median = xs => xs.sort((a, b) => a - b)[xs.length >> 1]

async function list (o) {
  const dir = path.join(o.dir, 'list')
  require('fs').mkdirSync(dir, { recursive: true })
  const core = kappa(dir, { valueEncoding: 'json' })
  // Cabal's key layout: channel!timestamp (the defect of losing ties is theirs; we keep the shape).
  const view = List(level(path.join(dir, 'view-db')), (msg, next) => next(null, [msg.value.content.channel + '!' + msg.value.timestamp]))
  core.use('list', view)
  await new Promise(resolve => core.ready(resolve))
  const perFeed = Math.floor(o.count / o.feeds)
  const feeds = []
  for (let f = 0; f < o.feeds; f++) {
    const feed = await new Promise((resolve, reject) => core.writer('w' + f, (e, w) => e ? reject(e) : resolve(w)))
    feeds.push(feed)
    const append = promisify(feed.append.bind(feed))
    for (let i = 0; i < perFeed; i += 10000) {
      const batch = []
      for (let j = i; j < Math.min(perFeed, i + 10000); j++) batch.push(message(j))
      await append(batch)
    }
  }
  await new Promise(resolve => core.ready('list', resolve))
  const samples = []
  let check = 'ok'
  if (o.workload === 'list-page') {
    for (let s = 0; s < SAMPLES; s++) {
      const t = now()
      const page = await new Promise((resolve, reject) => core.api.list.read({ reverse: true, limit: 50 }, (e, m) => e ? reject(e) : resolve(m)))
      samples.push(now() - t)
      if (page.length !== 50) check = `page of ${page.length}`
    }
  } else {
    const append = promisify(feeds[0].append.bind(feeds[0]))
    let waiting = null
    core.api.list.onInsert(msg => { if (waiting && msg.value.timestamp === waiting.ts) waiting.resolve() })
    for (let s = 0; s < SAMPLES; s++) {
      const t = now()
      const inserted = new Promise(resolve => { waiting = { ts: perFeed + s, resolve } })
      await append(message(perFeed + s))
      await inserted
      samples.push(now() - t)
    }
  }
  await new Promise(resolve => core._logs.close(resolve))
  return { params: `${o.feeds} feeds, median of ${SAMPLES}`, count: o.workload === 'list-page' ? 50 : 1, seconds: median(samples), bytes: 0, check }
}

module.exports = { 'list-page': list, 'list-tail': list }
