#!/usr/bin/env node
// Entry point of the `seqcast` command. The sources are TypeScript; tsx compiles them on the fly
// so the command works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
