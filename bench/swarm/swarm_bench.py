#!/usr/bin/env python3
"""Swarm benchmark: time from start to the first connection and to fully synced, for N peers
found through multicast DNS, Kappa.NET (`kappa swarm`) beside JS hyperswarm 2.15.3 + kappa-core 6
(tests/interop `kappa-js.js swarm`) in the same run. Every run uses a fresh network namespace
of its own (only lo, multicast routed over it), so no packet leaves the machine. Needs root.

  bench/swarm/swarm_bench.py [--peers 2,10] [--runs 3] [--entries 100] [--kappa PATH/kappa.dll]

Each peer starts with ENTRIES entries of its own; "synced" is when every peer holds all
N x ENTRIES. Sides alternate (JS, C#, JS, C#, ...). Prints a markdown table of medians."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INTEROP = os.path.join(ROOT, 'tests', 'interop')


def sh(*args, **kw):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, **kw)


class Namespace:
    def __enter__(self):
        self.name = 'kappa-bench-' + uuid.uuid4().hex[:8]
        sh('ip', 'netns', 'add', self.name)
        for cmd in (['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'set', 'lo', 'multicast', 'on'], ['ip', 'route', 'add', '224.0.0.0/4', 'dev', 'lo']):
            sh('ip', 'netns', 'exec', self.name, *cmd)
        return self

    def __exit__(self, *_):
        pids = subprocess.run(['ip', 'netns', 'pids', self.name], capture_output=True, text=True).stdout.split()
        for pid in pids:
            subprocess.run(['kill', '-9', pid])
        subprocess.run(['ip', 'netns', 'del', self.name])


def prepare(side, store, entries, kappa):
    values = ''.join(json.dumps({'n': i}) + '\n' for i in range(entries))
    if side == 'cs':
        subprocess.run(['dotnet', kappa, 'append', '--store', store, '--writer', 'local', '-'], input=values, text=True, check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run(['node', 'kappa-js.js', 'append', '--store', store, '--stdin'], input=values, text=True, check=True, cwd=INTEROP, stdout=subprocess.DEVNULL)


def run_once(side, peers, entries, kappa):
    work = tempfile.mkdtemp(prefix='kappa-swarm-bench-')
    try:
        stores = [os.path.join(work, 'p%d' % i) for i in range(peers)]
        for s in stores:
            prepare(side, s, entries, kappa)
        want = peers * entries
        first, synced, lock = [None], {}, threading.Lock()
        with Namespace() as ns:
            t0 = time.monotonic()
            procs = []
            for i, s in enumerate(stores):
                cmd = ['dotnet', kappa, 'swarm', '--store', s, '--no-dht', '--json'] if side == 'cs' else ['node', 'kappa-js.js', 'swarm', '--store', s]
                p = subprocess.Popen(['ip', 'netns', 'exec', ns.name, *cmd], cwd=INTEROP, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                procs.append(p)

                def pump(i=i, p=p):
                    for line in p.stdout:
                        try:
                            e = json.loads(line)
                        except ValueError:
                            continue
                        now = time.monotonic() - t0
                        with lock:
                            if e.get('event') in ('connected', 'connection') and first[0] is None:
                                first[0] = now
                            if e.get('event') == 'entries' and e.get('total') == want and i not in synced:
                                synced[i] = now
                threading.Thread(target=pump, daemon=True).start()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                with lock:
                    if len(synced) == peers:
                        break
                time.sleep(0.05)
            for p in procs:
                p.kill()
        if len(synced) != peers:
            raise RuntimeError('%s with %d peers did not sync within 300 s (%d synced)' % (side, peers, len(synced)))
        return first[0], max(synced.values())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--peers', default='2,10')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--entries', type=int, default=100)
    ap.add_argument('--kappa', default=os.path.join(ROOT, 'src', 'Kappa.Cli', 'bin', 'Release', 'net10.0', 'kappa.dll'))
    a = ap.parse_args()
    rows = []
    for n in [int(x) for x in a.peers.split(',')]:
        res = {'js': [], 'cs': []}
        for r in range(a.runs):
            for side in ('js', 'cs'):
                f, s = run_once(side, n, a.entries, a.kappa)
                res[side].append((f, s))
                print(json.dumps({'side': side, 'peers': n, 'run': r, 'firstConnection': round(f, 3), 'synced': round(s, 3)}), file=sys.stderr, flush=True)
        med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for k, v in res.items()}
        rows.append((n, med))
    print('| peers | entries each | first connection C# | JS | all synced C# | JS |')
    print('|---|---|---|---|---|---|')
    for n, m in rows:
        print('| %d | %d | %.2f s | %.2f s | %.2f s | %.2f s |' % (n, a.entries, m['cs'][0], m['js'][0], m['cs'][1], m['js'][1]))
    print('\nmedians of %d runs per side; `%s`' % (a.runs, ' '.join(['bench/swarm/swarm_bench.py'] + sys.argv[1:])))


if __name__ == '__main__':
    main()
