'use strict'
// A random-access-storage over random-access-file that never changes a byte on disk.
//
// hypercore 8 rewrites the 32-byte headers of `tree`, `signatures` and `bitfield` every time
// a feed opens (lib/storage.js `open`). Over this storage such a write is checked instead of
// performed: if the bytes on disk already equal the bytes being written it succeeds, otherwise
// it fails with an error naming the file - so a read-only open proves the rewrite is a no-op
// and can never leave a modified store behind. Reads open files O_RDONLY; missing files stay
// missing (no mkdir, no create).
const path = require('path')
const RandomAccessStorage = require('random-access-storage')
const raf = require('random-access-file')

function readonlyStorage (dir) {
  return function (name) {
    const filename = path.join(dir, name)
    const inner = raf(filename)
    return new RandomAccessStorage({
      open (req) { req.callback(null) },
      read (req) { inner.read(req.offset, req.size, (err, data) => req.callback(err, data)) },
      write (req) {
        inner.read(req.offset, req.size, function (err, onDisk) {
          if (!err && onDisk.equals(req.data)) return req.callback(null)
          req.callback(new Error('read-only open would modify ' + filename + ' at offset ' + req.offset +
            ' (' + req.size + ' bytes' + (err ? ', file too short or missing' : ', different bytes') + ')'))
        })
      },
      del (req) { req.callback(new Error('read-only open would truncate ' + filename + ' at offset ' + req.offset)) },
      stat (req) { inner.stat((err, st) => req.callback(err, st)) },
      close (req) { inner.close(err => req.callback(err)) }
    })
  }
}

module.exports = readonlyStorage
