/**
 * Child process for the crash test: streams an endless body into FileSystemStorage slowly, printing
 * "WRITING" once the first bytes are on disk, until it is killed.
 * argv: <root> <key>
 */
import { Readable } from 'node:stream';
import { FileSystemStorage } from '../../../shared/storage/fs';

const [root, key] = process.argv.slice(2) as [string, string];
const storage = new FileSystemStorage(root);
let sent = 0;
const body = new Readable({
  read() {
    setTimeout(() => {
      this.push(Buffer.alloc(64 * 1024, 0x4e)); // 'N'
      if (++sent === 4) process.stdout.write('WRITING\n');
    }, 5);
  },
});
await storage.putStream(key, body);
process.stdout.write('FINISHED\n'); // never reached: the body never ends
