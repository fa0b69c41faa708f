// Starts what the browser tests, Lighthouse and the portal benchmark need: a private redis-server
// on a unix socket in a temp dir and the real lintasd with the demo config, running the portal
// (plain HTTP on a free loopback port) with intake, routing, notify and status, and gRPC on
// another free loopback port (`grpc`, for lintasctl). Everything is stopped by stop(), and also
// when this Node process exits.
import { spawn, spawnSync } from 'node:child_process';
import crypto, { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Arguments shared by the scripts here: --build-dir, --source-dir, --redis-server.
export function parseArgs(argv, extra = {}) {
  const args = { buildDir: '', sourceDir: '', redisServer: 'redis-server', ...extra };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const key = flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!flag.startsWith('--') || !(key in args)) throw new Error(`unknown argument ${flag}`);
    args[key] = typeof args[key] === 'boolean' ? true : value;
    if (typeof args[key] !== 'boolean') i++;
  }
  if (!args.sourceDir) args.sourceDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  if (!args.buildDir) args.buildDir = path.join(args.sourceDir, 'build');
  return args;
}

// The npm package `name` (tests/browser/node_modules, from npm ci) and the browser, or exit 77:
// ctest then counts the test as skipped, as on a machine without them.
export async function skipUnlessReady(chromium, name) {
  if (!fs.existsSync(chromium)) {
    console.log(`skipped: no browser at ${chromium} (Debian: apt-get install chromium)`);
    process.exit(77);
  }
  try {
    return (await import(name)).default;
  } catch (e) {
    console.log(`skipped: ${name} is not installed (cd tests/browser && npm ci): ${e.message}`);
    process.exit(77);
  }
}

// A form token lintasd accepts, issued `minutesAgo` minutes ago: services/portal/form_token.cc
// MACs "f1.<minute>.<nonce>" with HMAC-SHA256 under HKDF-SHA256(index key, "lintas keyed hash v1
// portal form token v1"). Only whoever holds the key file can: the tests and the benchmark,
// which wrote it.
export function mintToken(keyFile, minutesAgo = 0) {
  const master = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
  const key = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0),
                                          'lintas keyed hash v1 portal form token v1', 32));
  const body = `f1.${Math.floor(Date.now() / 60000) - minutesAgo}.${randomBytes(16).toString('hex')}`;
  return `${body}.${crypto.createHmac('sha256', key).update(body).digest('hex').slice(0, 32)}`;
}

export async function startStack({ buildDir, sourceDir, redisServer = 'redis-server',
                                   services = 'portal,intake,routing,notify,status',
                                   config = '', env = {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lintas-browser-'));
  const children = [];
  const stop = () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    children.length = 0;
  };
  process.on('exit', stop);

  const socket = path.join(dir, 'redis.sock');
  const redis = spawn(redisServer, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700',
                                    '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
                                    '--logfile', path.join(dir, 'redis.log')],
                      { stdio: 'ignore' });
  children.push(redis);
  for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await sleep(100);
  if (!fs.existsSync(socket)) throw new Error(`redis-server did not start (log in ${dir})`);

  const keyFile = path.join(dir, 'browser.key');
  fs.writeFileSync(keyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });

  let log = '';
  const lintasd = spawn(path.join(buildDir, 'services/lintasd/lintasd'),
                        ['--config', config || path.join(sourceDir, 'deploy/config/lintas.yaml'),
                         `--services=${services}`],
                        { stdio: ['ignore', 'ignore', 'pipe'],
                          env: { ...process.env, LINTAS_REDIS_ADDRESS: `unix:${socket}`,
                                 LINTAS_KEY_FILE: keyFile, LINTAS_LISTEN: '127.0.0.1:0',
                                 LINTAS_INSECURE_DEV_IDENTITY: 'true',
                                 LINTAS_PORTAL_LISTEN: '127.0.0.1:0', ...env } });
  children.push(lintasd);
  lintasd.stderr.setEncoding('utf8');
  lintasd.stderr.on('data', (chunk) => { log += chunk; });
  let port = 0;
  for (let i = 0; i < 200 && !port; i++) {
    const m = /portal: serving [^"]* on 127\.0\.0\.1:(\d+) /.exec(log);
    if (m) port = Number(m[1]);
    else if (lintasd.exitCode !== null) break;
    else await sleep(100);
  }
  if (!port) {
    stop();
    throw new Error(`lintasd did not start the portal; its log:\n${log}`);
  }
  // The gRPC port, for lintasctl (services/lintasd/main.cc logs it once everything started).
  let grpcPort = 0;
  for (let i = 0; i < 200 && !grpcPort; i++) {
    const m = /lintasd listening on port (\d+) /.exec(log);
    if (m) grpcPort = Number(m[1]);
    else if (lintasd.exitCode !== null) break;
    else await sleep(100);
  }
  if (!grpcPort) {
    stop();
    throw new Error(`lintasd did not say its gRPC port; its log:\n${log}`);
  }
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    grpc: `127.0.0.1:${grpcPort}`,
    dir,
    keyFile,
    log: () => log,
    redisCli: (...args) => spawnSync('redis-cli', ['-s', socket, ...args], { encoding: 'utf8' }).stdout,
    stop,
  };
}
