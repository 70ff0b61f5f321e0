/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Settings come from CDK context, e.g.
 *   npx cdk deploy -c datasets='[{"name":"sales","schedule":"cron(0 3 * * ? *)"}]' -c gpuInstanceTypes=g5.xlarge,g6.xlarge
 *   npx cdklocal deploy -c localstack=true
 * See infra/config.ts for every key and docs/deploy.md for the whole procedure.
 * cdk-nag (AwsSolutions + Serverless) runs on every synth; an unacknowledged error fails it.
 */
import { buildSeqcastApp } from './build';
import { SeqcastConfigError } from './config';

try {
  buildSeqcastApp().app.synth();
} catch (err) {
  if (err instanceof SeqcastConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
