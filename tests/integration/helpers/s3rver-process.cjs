// Runs s3rver in its own process for tests/integration/helpers/s3-server.ts.
// Started with --openssl-legacy-provider: s3rver 3.x builds ListObjectsV2 continuation tokens with
// DES, which OpenSSL 3 (Node >= 17) only offers through the legacy provider; without it every
// truncated listing answers 500.
// argv[2]: JSON { directory, bucket }. Prints "READY <port>" once listening; exits on SIGTERM.
'use strict';
const S3rver = require('s3rver');

const { directory, bucket } = JSON.parse(process.argv[2]);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
server.run().then(
  (address) => process.stdout.write(`READY ${address.port}\n`),
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err && err.stack}\n`);
    process.exit(1);
  },
);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Exit with the parent (test worker) even if it dies without stopping us.
process.on('disconnect', stop);
