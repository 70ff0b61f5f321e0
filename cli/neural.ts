/** tfjs backend selection for the in-process commands (forecast, backtest). */
import { selectBackend } from '../shared/nn';
import type { NeuralRuntime } from '../shared/engine/forecast';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'none';

export async function neuralRuntime(choice: BackendChoice, info: (line: string) => void): Promise<NeuralRuntime | null> {
  if (choice === 'none') {
    info('network disabled (--backend none): statistical models only');
    return null;
  }
  const sel = await selectBackend({ prefer: choice });
  info(`tfjs backend: ${sel.backend} (${sel.detail})`);
  return { backend: sel.backend };
}
