// Worker-thread entry of the statistical-forecast pool (stat-pool.ts). The sources are TypeScript:
// register tsx in this thread (workers do not inherit a loader registered programmatically), then
// load the worker body.
import { register } from 'tsx/esm/api';

register();
await import('./stat-worker-body.ts');
