'use strict'
// `sum`: the kappa-core 6 README's example view (a running sum of the numeric entries), built
// with kappa-view over memdb, run over an existing store.
//
// The README's code does not run as written: the view factory's body is `map: function (...)`
// inside a function, a SyntaxError ("Function statements require a function name"). With the
// object literal repaired, `sum` is declared inside the db.get callback, so the map throws
// "ReferenceError: sum is not defined" on the first numeric entry. With that repaired too
// (work moved into the callback), the view db stores values as utf-8 strings, so a second batch
// reads "6" back and `"6" + 4` gives "64". --as-readme runs that last, minimally repaired form;
// the default stores the sum as JSON and is a correct numeric sum.
const memdb = require('memdb')
const view = require('kappa-view')
const store = require('./store')
const { emit, UsageError } = require('./output')

const options = {
  store: { type: 'string' },
  'view-db': { type: 'string', default: 'memory' },
  'as-readme': { type: 'boolean', default: false },
  plain: { type: 'boolean', default: false }
}

async function run (args, positionals) {
  if (!args.store) throw new UsageError('sum needs --store DIR')
  if (positionals.length) throw new UsageError('sum takes no values')
  if (args['view-db'] !== 'memory') throw new UsageError('--view-db: only "memory" (memdb) is available')
  const core = store.openStore(args.store, { encoding: 'json', readOnly: !args.plain, mustExist: true })
  const counts = { entries: 0, numeric: 0 }
  const api = args['as-readme'] ? readmeView(core, counts) : numericView(core, counts)
  await store.ready(core)
  const sum = await new Promise((resolve, reject) => api.get((err, v) => err ? reject(err) : resolve(v)))
  emit({ sum, entries: counts.entries, numeric: counts.numeric })
  await store.close(core)
}

function count (entries, counts) {
  counts.entries += entries.length
  counts.numeric += entries.filter(e => typeof e.value === 'number').length
}

function numericView (core, counts) {
  const sumview = view(memdb(), { valueEncoding: 'json' }, function (db) {
    return {
      map: function (entries, next) {
        db.get('sum', function (err, value) {
          if (err && !err.notFound) return next(err)
          let sum = err ? 0 : value
          for (const entry of entries) if (typeof entry.value === 'number') sum += entry.value
          count(entries, counts)
          db.put('sum', sum, next)
        })
      },
      api: {
        get: function (core, cb) {
          this.ready(() => db.get('sum', (err, v) => err && err.notFound ? cb(null, 0) : cb(err, v)))
        }
      }
    }
  })
  core.use('sum', 1, sumview)
  return core.api.sum
}

function readmeView (core, counts) {
  const sumview = view(memdb(), function (db) {
    return {
      map: function (entries, next) {
        db.get('sum', function (err, value) {
          var sum
          if (err && err.notFound) sum = 0
          else if (err) return next(err)
          else sum = value
          entries.forEach(function (entry) {
            if (typeof entry.value === 'number') sum += entry.value
          })
          count(entries, counts)
          db.put('sum', sum, next)
        })
      },
      api: {
        get: function (core, cb) {
          this.ready(() => db.get('sum', (err, v) => err && err.notFound ? cb(null, 0) : cb(err, v)))
        }
      }
    }
  })
  core.use('sum', 1, sumview)
  return core.api.sum
}

module.exports = { options, run }
