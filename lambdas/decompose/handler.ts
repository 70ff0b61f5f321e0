/**
 * `decompose` Lambda: S3 ObjectCreated on `curated/` → trend / cycle / seasonal / irregular for
 * every series the curated part touched, over the series' full history.
 */
import { decomposeUpload } from '../../shared/pipeline/analyse';
import { analysisHandler } from '../common/analysis-handler';

export const handler = analysisHandler('decompose', decomposeUpload);
