'use strict'
// The JS side of Kappa.NET's spatial-view parity tests: unordered-materialized-bkd 1.1.1 (over
// bkd-tree 1.2, random-access-memory), wired as kappa-osm 4 wires it, driven batch by batch. One
// process serves a whole test class: each stdin line is a request, each stdout line its answer.
//   {"n":1,"op":"bkd","type":"float64be"|"float32be","dims":2,
//    "batches":[[{id,point,links}]],"boxes":[[minX,minY,maxX,maxY]]}
//     → {"n":1,"results":[[{id,point}]],"batchErrors":[[i,"message"]]}
// A row whose point is null is a tombstone: kappa-osm hands it to the module as type 'delete'.
// isLinked answers from the links of every batch handed in so far, this one included (kappa-osm
// asks its kv view, indexed from the same entries); getPoint from the rows handed in so far
// (kappa-osm reads the log). Results are printed exactly as the module returns them (order,
// duplicates, float32-rounded coordinates included), so the tests can show its defects.
const umbkd = require('unordered-materialized-bkd')
const ram = require('random-access-memory')

async function bkd (req) {
  const ids = []; const index = new Map()
  const idOf = id => { if (!index.has(id)) { index.set(id, ids.length); ids.push(id) } return index.get(id) }
  const linked = new Set(); const points = new Map()
  const zero = new Array(req.dims).fill(0)
  const view = umbkd({
    storage: (name, cb) => cb(null, ram()),
    isLinked: (i, cb) => cb(null, linked.has(ids[i])), // asked with the row's id: its index here
    getPoint: (id, cb) => cb(null, points.has(id) ? { point: points.get(id), value: [idOf(id)] } : null),
    type: { point: new Array(req.dims).fill(req.type), value: ['uint32be'] },
    compare: (a, b) => a.value[0] === b.value[0]
  })
  const batchErrors = []
  for (let i = 0; i < req.batches.length; i++) {
    const rows = req.batches[i].map(r => ({
      type: r.point === null ? 'delete' : 'insert',
      id: r.id,
      point: r.point === null ? zero : r.point,
      links: r.links || []
    }))
    for (const r of rows) {
      for (const l of r.links) linked.add(l)
      if (r.type === 'insert') points.set(r.id, r.point)
    }
    // The module's values are indexes into `ids`; the callbacks above translate.
    const err = await new Promise(resolve => {
      const timer = setTimeout(() => resolve(new Error('wedged: the batch callback never came')), 5000)
      view.batch(rows.map(r => Object.assign({}, r, { id: idOf(r.id) })), e => { clearTimeout(timer); resolve(e) })
    })
    if (err) batchErrors.push([i, err.message])
  }
  const results = []
  for (const box of req.boxes) {
    results.push(await new Promise((resolve, reject) => view.query(box, (err, found) => err ? reject(err)
      : resolve(found.map(p => ({ id: ids[p.value[0]], point: Array.from(p.point) }))))))
  }
  return { results, batchErrors }
}

require('./request-loop')({ bkd })
