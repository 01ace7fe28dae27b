'use strict'
// The JS side of Kappa.NET's helper-view parity tests: unordered-materialized-kv 1.3.0 and
// unordered-materialized-backrefs 1.0.1 over level-mem, driven row by row. One process serves a
// whole test class: each stdin line is a request, each stdout line its answer (same `n`).
//   {"n":1,"op":"kv","batches":[[{key,id,links}]],"keys":["k"]}
//     → {"n":1,"heads":{"k":[ids] | null},"errors":{"k":"message"},"batchErrors":[i, "message"]}
//   {"n":2,"op":"backrefs","batches":[[{id,refs,links}]],"ids":["x"]}
//     → {"n":2,"refs":[[ids] per requested id, in request order],"batchErrors":[i, "message"]}
//   (an array, not an object keyed by id: an id such as "__proto__" is no own property)
// Heads are printed exactly as the module returns them (order, duplicates, "" included), so the
// tests can show its defects; a key whose get fails is null with the error in `errors`.
const memdb = require('level-mem')
const umkv = require('unordered-materialized-kv')
const backrefs = require('unordered-materialized-backrefs')

const ops = { kv, backrefs: refs }

async function kv (req) {
  const db = umkv(memdb())
  const batchErrors = []
  for (let i = 0; i < req.batches.length; i++) {
    // A failed batch is reported and the next one tried, to show whether the view recovers; a
    // batch whose callback never comes (the module's write queue is stuck) is reported as wedged.
    const err = await new Promise(resolve => {
      const timer = setTimeout(() => resolve(new Error('wedged: the batch callback never came')), 1000)
      db.batch(req.batches[i], e => { clearTimeout(timer); resolve(e) })
    })
    if (err) batchErrors.push([i, err.message])
  }
  const heads = {}; const errors = {}
  for (const key of req.keys) {
    await new Promise(resolve => db.get(key, (err, ids) => {
      if (err) { heads[key] = null; errors[key] = err.message } else heads[key] = ids
      resolve()
    }))
  }
  return { heads, errors, batchErrors }
}

async function refs (req) {
  const db = backrefs(memdb())
  const batchErrors = []
  for (let i = 0; i < req.batches.length; i++) {
    // As for kv: a failed batch (an error, or a throw inside batch) is reported and the next one
    // tried; a batch whose callback never comes is reported as wedged.
    const err = await new Promise(resolve => {
      const timer = setTimeout(() => resolve(new Error('wedged: the batch callback never came')), 1000)
      try {
        db.batch(req.batches[i], e => { clearTimeout(timer); resolve(e) })
      } catch (e) { clearTimeout(timer); resolve(e) }
    })
    if (err) batchErrors.push([i, err.message])
  }
  const out = []
  for (const id of req.ids) out.push(await new Promise((resolve, reject) => db.get(id, (e, v) => e ? reject(e) : resolve(v))))
  return { refs: out, batchErrors }
}

require('./request-loop')(ops)
