/**
 * `smooth` Lambda: S3 ObjectCreated on `curated/` → Kalman filter + RTS smoother (level, its
 * variance, fitted variances, log-likelihood) for every series the curated part touched, over the
 * series' full history.
 */
import { smoothUpload } from '../../shared/pipeline/analyse';
import { analysisHandler } from '../common/analysis-handler';

export const handler = analysisHandler('smooth', smoothUpload);
