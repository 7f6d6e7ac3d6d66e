/** The command-line tool's entry (bin/enishi.mjs loads it). */
import { inspectWorkerSourceUrl } from '../backup/inspect-worker-source.ts';
import { kdfWorkerSourceUrl } from '../vault/kdf-worker-source.ts';
import { processIo, runCli } from './enishi.ts';

process.exitCode = await runCli(processIo(kdfWorkerSourceUrl, inspectWorkerSourceUrl));
