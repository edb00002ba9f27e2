/** Runs the shared detector contract against every implementation. */
import { detectorContract } from './detector.contract.ts';
import { createSeriesDetector } from './registry.ts';

detectorContract('seasonal-poisson', () => createSeriesDetector('seasonal-poisson'));

const noBaseline =
  'a fixed threshold has no baseline: any service busier than 7 reports per 15 min is always flagged';
detectorContract('fixed-threshold', () => createSeriesDetector('fixed-threshold'), {
  skip: {
    'steady quiet':
      'at 0.2/min (3 per 15 min expected) 7 reports in 15 min happen by chance several times a day',
    'steady busy': noBaseline,
    'daily cycle': noBaseline,
    'step busy': noBaseline,
    recovery: noBaseline,
    burst: noBaseline,
    'global factor': 'fixed-threshold ignores globalFactor by design (it is the naive comparison)',
    'network flood': 'fixed-threshold ignores network concentration by design (it is the naive comparison)',
  },
});

const continuous =
  'seasonal-level models any real value, not counts: it does not read the count-specific inputs';
detectorContract('seasonal-level', () => createSeriesDetector('seasonal-level'), {
  skip: {
    'network flood': continuous,
    'global factor': continuous,
  },
});
