'use strict'
// One replication session: core.replicate(isInitiator, opts) piped both ways over a TCP socket.
const { emit } = require('./output')

let nextSession = 1

// `done` resolves when the session ends cleanly: the protocol stream ended its output and its input
// (both `end` and `finish`) and the socket closed without error. Rejects on the first error
// from either side, or when the stream or socket closes before that - so a session cut short
// never counts as done. The socket must allow half-open connections: multifeed ends each
// direction separately (replication-protocol.md §10, "End of stream").
function replicateOver (core, socket, initiator, opts) {
  const id = nextSession++
  emit({
    event: 'connected',
    session: id,
    initiator,
    local: socket.localAddress + ':' + socket.localPort,
    remote: socket.remoteAddress + ':' + socket.remotePort
  })
  const replicateOpts = { live: !!opts.live }
  if (opts.timeout !== undefined) replicateOpts.timeout = opts.timeout
  const startedAt = Date.now()
  const stream = core.replicate(initiator, replicateOpts)

  const done = new Promise((resolve, reject) => {
    // A multifeed peer sends its extension names (channel-0 Options) only after it has opened
    // and verified the shared root channel (multifeed/mux.js onopen → handshake). A peer that
    // rejects us (wrong --key) just closes the connection, which looks like a clean end here;
    // without those names the session never happened.
    let remoteAccepted = false
    stream.once('extensions', () => { remoteAccepted = true })
    let ended = false
    let finished = false
    let streamClosed = false
    let socketClosed = false
    let settled = false

    function fail (err) {
      if (settled) return
      settled = true
      stream.destroy()
      socket.destroy()
      reject(err)
    }
    function check () {
      if (settled || !streamClosed || !socketClosed) return
      if (!remoteAccepted) return fail(new Error('connection ended before the multifeed handshake (a different --key, or not a multifeed peer)'))
      settled = true
      resolve()
    }

    stream.on('error', fail)
    socket.on('error', fail)
    stream.on('end', () => { ended = true })
    stream.on('finish', () => { finished = true })
    stream.on('close', () => {
      if (!(ended && finished)) return fail(new Error('replication stream closed before it ended'))
      streamClosed = true
      check()
    })
    socket.on('close', hadError => {
      if (hadError) return fail(new Error('connection closed with an error'))
      socketClosed = true
      check()
    })
    socket.pipe(stream).pipe(socket)
  })
  return { id, stream, socket, done, startedAt }
}

module.exports = { replicateOver }
