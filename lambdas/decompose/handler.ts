/** `decompose` Lambda: placeholder until the pipeline lands; validates nothing yet. */
export async function handler(event: unknown): Promise<{ ok: boolean }> {
  void event;
  return { ok: true };
}
