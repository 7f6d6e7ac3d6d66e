/**
 * Inspects backup shards (shared/vault/shard-inspection.ts) in a worker thread, so a backup's
 * shards are read on every core: it is given a share of them and answers with each one's
 * inspection, or why it does not load.
 */
import { parentPort } from 'node:worker_threads';
import { inspectHere, type InspectRequest } from './shard-inspector.ts';

const port = parentPort;
if (!port) throw new Error('inspect-worker must run as a worker thread');

port.on('message', (request: InspectRequest) => {
  // One 'inspected' per shard done, for the progress bar; then every reply, in order.
  port.postMessage(inspectHere(request.shards, () => port.postMessage('inspected')));
});
