/** The command-line tool's entry (bin/enishi.mjs loads it). */
import { kdfWorkerSourceUrl } from '../vault/kdf-worker-source.ts';
import { processIo, runCli } from './enishi.ts';

process.exitCode = await runCli(processIo(kdfWorkerSourceUrl));
