// Runs the stack of lintas_stack.mjs (a private Redis and lintasd with the portal on a free
// loopback port) until interrupted, printing the portal's address: for Lighthouse by hand and
// for scripts/bench-portal.sh.
//
//   node tests/browser/serve.mjs --build-dir build [--config FILE]
// prints "portal http://127.0.0.1:<port> <key file>" once it serves.
import { parseArgs, startStack } from './lintas_stack.mjs';

const args = parseArgs(process.argv.slice(2), { config: '' });
const stack = await startStack(args);
console.log(`portal ${stack.base} ${stack.keyFile}`);
const stop = () => { stack.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
