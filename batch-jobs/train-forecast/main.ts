/** Entry point of the train-forecast Batch job (placeholder until the pipeline lands). */
export async function runTrainForecastJob(): Promise<void> {}
