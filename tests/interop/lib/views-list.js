'use strict'
// The JS side of Kappa.NET's list and query defect tests: kappa-view-list 1.2.0 and
// kappa-view-query 2.0.9 on kappa-core 6 in RAM (random-access-memory, memdb), driven by
// JsScriptHost: each stdin line a request, each stdout line its answer (same `n`).
//   {"n":1,"op":"list","writers":[[value,...],...],"path":["t"]}
//     → {"n":1,"keys":[feed hex per writer],"entries":[{key,seq,value}]}  (read() order, as returned)
//   {"n":2,"op":"query","writers":[[value,...]],"indexes":[{key,value:[[path]]}],"query":[{$filter}]}
//     → {"n":2,"keys":[...],"entries":[{key,seq,value}]}
// Entries are returned exactly as the modules give them, so the tests can show their defects.
const kappa = require('kappa-core')
const ram = require('random-access-memory')
const memdb = require('memdb')
const List = require('kappa-view-list')
const Query = require('kappa-view-query')

function open (view, writers) {
  return new Promise((resolve, reject) => {
    const core = kappa(ram, { valueEncoding: 'json' })
    core.use('v', view)
    const keys = []
    let i = 0
    const next = () => {
      if (i === writers.length) return core.ready(() => resolve({ core, keys }))
      const values = writers[i]
      core.writer('w' + i++, (err, feed) => {
        if (err) return reject(err)
        keys.push(feed.key.toString('hex'))
        feed.append(values, err => err ? reject(err) : next())
      })
    }
    next()
  })
}

async function list (req) {
  const view = List(memdb(), (msg, next) => {
    const v = req.path.reduce((o, k) => (o == null ? undefined : o[k]), msg.value)
    next(null, v === undefined ? [] : [v])
  })
  const { core, keys } = await open(view, req.writers)
  const entries = await new Promise((resolve, reject) => core.api.v.read((err, msgs) => err ? reject(err) : resolve(msgs)))
  return { keys, entries }
}

async function query (req) {
  const view = Query(memdb(), { indexes: req.indexes })
  const { core, keys } = await open(view, req.writers)
  const entries = await new Promise((resolve, reject) => {
    const out = []
    const stream = core.api.v.read({ query: req.query })
    stream.on('data', m => out.push(m))
    stream.on('end', () => resolve(out))
    stream.on('error', reject)
  })
  return { keys, entries }
}

const ops = { list, query }
require('./request-loop')(ops)
