/**
 * Inspects backup shards (shared/vault/shard-inspection.ts) in a worker thread, so a backup's
 * shards are read on every core: it is given a share of them and answers with each one's
 * inspection, or why it does not load.
 */
import { parentPort } from 'node:worker_threads';
import { inspectShard } from '../../../shared/vault/shard-inspection.ts';
import type { InspectRequest, InspectReply } from './shard-inspector.ts';

const port = parentPort;
if (!port) throw new Error('inspect-worker must run as a worker thread');

port.on('message', (request: InspectRequest) => {
  const replies: InspectReply[] = request.shards.map(({ id, snapshot, records }) => {
    let reply: InspectReply;
    try {
      reply = { ok: true, inspection: inspectShard(id, snapshot, records) };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage('inspected'); // one more done, for the progress bar
    return reply;
  });
  port.postMessage(replies);
});
